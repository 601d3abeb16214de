package io.tollgate.config.snapshot;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a route retries.
 *
 * @param attempts upstream calls per request in all, the first included
 * @param onlyUntriedBackends true when a retry may only go to a backend not tried yet (the default
 *     policy of a route without a retry block); false lets retries reuse backends
 * @param maxRetryAfter a provider's Retry-After above this is not waited for on that backend
 */
public record RetryPolicy(
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Set<RetryCondition> retryOn,
    Duration maxRetryAfter,
    boolean onlyUntriedBackends) {

  /** What a route without a retry block does: one retry, on another backend. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          2,
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          EnumSet.allOf(RetryCondition.class),
          Duration.ofSeconds(10),
          true);

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    // An EnumSet keeps declaration order, so printing and checksums are stable across JVMs.
    retryOn =
        Collections.unmodifiableSet(
            retryOn.isEmpty() ? EnumSet.noneOf(RetryCondition.class) : EnumSet.copyOf(retryOn));
  }

  public boolean retries(RetryCondition condition) {
    return retryOn.contains(condition);
  }
}
