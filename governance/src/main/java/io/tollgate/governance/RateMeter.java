package io.tollgate.governance;

import io.tollgate.config.snapshot.StoreFailurePolicy;

/**
 * A per-minute limit in fixed windows aligned to the epoch minute (the window of an instant is
 * {@code floor(epochMillis / 60000)}). A request is admitted while the window's count is below the
 * limit; a token meter counts the estimate at admission and is corrected to the real usage at
 * settlement, in the window the request was admitted in.
 */
public record RateMeter(String id, Measure measure, long limit, StoreFailurePolicy onStoreFailure)
    implements Meter {

  public static final long WINDOW_MILLIS = 60_000;

  /** The window an instant falls in. */
  public static long window(long epochMillis) {
    return Math.floorDiv(epochMillis, WINDOW_MILLIS);
  }

  /** When the window containing {@code epochMillis} ends. */
  public static long windowEnd(long epochMillis) {
    return (window(epochMillis) + 1) * WINDOW_MILLIS;
  }
}
