package io.tollgate.governance;

import java.util.HashMap;
import java.util.Map;

/**
 * One rate meter's counts per window. Only the newest window and the one before it are kept: the
 * newest decides admissions, the previous one still takes corrections from requests admitted in it
 * that end after the minute turned. Not thread-safe; guarded by its scope's lock.
 */
final class RateWindows {

  private final Map<Long, Long> counts = new HashMap<>(4);
  private long newest = Long.MIN_VALUE;

  long count(long window) {
    advanceTo(window);
    return counts.getOrDefault(window, 0L);
  }

  void add(long window, long amount) {
    advanceTo(window);
    counts.merge(window, amount, Long::sum);
  }

  /**
   * Applies a settlement's correction. A window already forgotten takes none (it decides nothing
   * any more); a kept window never goes below zero.
   */
  void correct(long window, long delta) {
    advanceTo(window);
    if (delta == 0 || window < newest - 1 || (delta < 0 && !counts.containsKey(window))) {
      return;
    }
    counts.merge(window, delta, (count, d) -> Math.max(0, count + d));
  }

  private void advanceTo(long window) {
    if (window > newest) {
      newest = window;
      counts.keySet().removeIf(w -> w < newest - 1);
    }
  }
}
