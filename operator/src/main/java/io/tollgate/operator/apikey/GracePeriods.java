package io.tollgate.operator.apikey;

import io.tollgate.crds.ApiKeySpec;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code spec.rotationGracePeriod} ({@code 1h30m}, {@code 45s}, …). */
final class GracePeriods {

  private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

  private GracePeriods() {}

  /** The grace period, or the default when {@code text} is null, blank or malformed. */
  static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
    if (text == null || text.isBlank() || !m.matches()) {
      return parse(ApiKeySpec.DEFAULT_ROTATION_GRACE_PERIOD);
    }
    return Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
  }

  private static long group(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
