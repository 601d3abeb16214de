package io.tollgate.config.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failing backend rests: after {@code failures} failures within {@code window} (or at once
 * on 429, 401 and 403), for {@code duration}; then one probe request decides.
 */
public record CooldownPolicy(int failures, Duration window, Duration duration) {

  public static final CooldownPolicy DEFAULT =
      new CooldownPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(30));

  public CooldownPolicy {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1");
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(duration, "duration");
  }
}
