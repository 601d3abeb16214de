package io.tollgate.config.compile;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads the small value types of governance specs: hyphenated choices, time zones, times of day and
 * day names. Each returns null after adding an error naming the field.
 */
final class SpecValues {

  private SpecValues() {}

  /**
   * The constant of {@code type} whose name, lower-cased with '-' for '_', is {@code value}; {@code
   * fallback} when the value is absent.
   */
  static <E extends Enum<E>> E choice(
      String value, E fallback, Class<E> type, String field, ResourceProblems problems) {
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (wireName(constant).equals(value)) {
        return constant;
      }
    }
    problems.add(
        field,
        "unknown value '"
            + value
            + "'; expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(SpecValues::wireName)
                .collect(Collectors.joining(", ")));
    return null;
  }

  static String wireName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** An IANA time zone such as {@code Europe/Berlin}; UTC when absent. */
  static ZoneId timeZone(String value, String field, ResourceProblems problems) {
    if (value == null) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      problems.add(
          field,
          "'"
              + value
              + "' is not a time zone; use an IANA name such as Europe/Berlin,"
              + " America/New_York or UTC");
      return null;
    }
  }

  /** {@code HH:MM} on a 24-hour clock. */
  static LocalTime timeOfDay(String value, String field, ResourceProblems problems) {
    if (value == null) {
      problems.add(field, "required: a time of day as HH:MM, e.g. \"09:00\"");
      return null;
    }
    if (value.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      return LocalTime.parse(value);
    }
    problems.add(
        field, "'" + value + "' is not a time of day; write HH:MM on a 24-hour clock, e.g. 17:30");
    return null;
  }

  /** {@code Mon} or {@code Monday}, in any case. */
  static DayOfWeek day(String value, String field, ResourceProblems problems) {
    if (value != null) {
      String lower = value.toLowerCase(Locale.ROOT);
      for (DayOfWeek day : DayOfWeek.values()) {
        String name = day.name().toLowerCase(Locale.ROOT);
        if (lower.equals(name) || lower.equals(name.substring(0, 3))) {
          return day;
        }
      }
    }
    problems.add(
        field,
        "unknown day '" + value + "'; expected Mon, Tue, Wed, Thu, Fri, Sat, Sun (or in full)");
    return null;
  }
}
