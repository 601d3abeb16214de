package io.tollgate.governance;

/**
 * One rate meter's counts per window. Only the newest window and the one before it are kept: the
 * newest decides admissions, the previous one still takes corrections from requests admitted in it
 * that end after the minute turned. Two pairs of longs, as every admission reads them. Not
 * thread-safe; guarded by its scope's lock.
 */
final class RateWindows {

  private long newest = Long.MIN_VALUE;
  private long newestCount;
  // Whether the previous window (newest - 1) was seen; its count is kept only then.
  private boolean hasPrevious;
  private long previousCount;

  long count(long window) {
    advanceTo(window);
    if (window == newest) {
      return newestCount;
    }
    return window == newest - 1 && hasPrevious ? previousCount : 0;
  }

  void add(long window, long amount) {
    advanceTo(window);
    if (window == newest) {
      newestCount += amount;
    } else if (window == newest - 1) {
      previousCount = hasPrevious ? previousCount + amount : amount;
      hasPrevious = true;
    }
  }

  /**
   * Applies a settlement's correction. A window already forgotten takes none (it decides nothing
   * any more); a kept window never goes below zero.
   */
  void correct(long window, long delta) {
    advanceTo(window);
    if (delta == 0) {
      return;
    }
    if (window == newest) {
      newestCount = Math.max(0, newestCount + delta);
    } else if (window == newest - 1 && (hasPrevious || delta > 0)) {
      previousCount = Math.max(0, (hasPrevious ? previousCount : 0) + delta);
      hasPrevious = true;
    }
  }

  private void advanceTo(long window) {
    if (window <= newest) {
      return;
    }
    if (window == newest + 1) {
      previousCount = newestCount;
      hasPrevious = true;
    } else {
      previousCount = 0;
      hasPrevious = false;
    }
    newest = window;
    newestCount = 0;
  }
}
