package io.tollgate.config.compile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as resources write them: a whole number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h}.
 */
final class Durations {

  private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * The duration, or null after reporting why {@code text} is not one. Null text gives {@code
   * fallback}.
   */
  static Duration parse(String text, Duration fallback, String field, RouteProblems problems) {
    if (text == null) {
      return fallback;
    }
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      problems.add(
          field,
          "'"
              + text
              + "' is not a duration; write a whole number and a unit (ms, s, m, h), e.g. 30s");
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    if (duration.isZero()) {
      problems.add(field, "must be longer than zero; omit it for the default");
      return null;
    }
    return duration;
  }
}
