package io.tollgate.config.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Rate and concurrency limits of one subject (a key, a team, each user of a key, a key on one
 * model). Counted across all proxies when they share a usage store.
 *
 * @param requestsPerMinute null when unlimited
 * @param tokensPerMinute null when unlimited; counts {@code tokenCounting}
 * @param maxParallelRequests null when unlimited
 * @param windows time-of-day overrides, the first active one wins
 */
public record Limits(
    Long requestsPerMinute,
    Long tokensPerMinute,
    TokenCounting tokenCounting,
    Integer maxParallelRequests,
    StoreFailurePolicy onStoreFailure,
    List<LimitWindow> windows) {

  public static final Limits NONE =
      new Limits(null, null, TokenCounting.TOTAL, null, StoreFailurePolicy.FAIL_OPEN, List.of());

  public Limits {
    Objects.requireNonNull(tokenCounting, "tokenCounting");
    Objects.requireNonNull(onStoreFailure, "onStoreFailure");
    windows = List.copyOf(windows);
    requireNotNegative(requestsPerMinute, "requestsPerMinute");
    requireNotNegative(tokensPerMinute, "tokensPerMinute");
    requireNotNegative(maxParallelRequests == null ? null : (long) maxParallelRequests, "parallel");
  }

  /** Whether nothing is limited, at any time. */
  public boolean isEmpty() {
    return requestsPerMinute == null
        && tokensPerMinute == null
        && maxParallelRequests == null
        && windows.isEmpty();
  }

  /** The limits in force at {@code at}: the base ones, overridden by the first active window. */
  public Limits at(Instant at) {
    for (LimitWindow window : windows) {
      if (window.activeAt(at)) {
        return new Limits(
            window.requestsPerMinute() != null ? window.requestsPerMinute() : requestsPerMinute,
            window.tokensPerMinute() != null ? window.tokensPerMinute() : tokensPerMinute,
            tokenCounting,
            window.maxParallelRequests() != null
                ? window.maxParallelRequests()
                : maxParallelRequests,
            onStoreFailure,
            List.of());
      }
    }
    return this;
  }

  private static void requireNotNegative(Long value, String name) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }
}
