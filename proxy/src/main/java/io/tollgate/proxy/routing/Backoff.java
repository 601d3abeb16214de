package io.tollgate.proxy.routing;

import io.tollgate.config.snapshot.RetryPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The wait before a retry: exponential from the initial back-off, capped, with full jitter. */
public final class Backoff {

  private Backoff() {}

  /**
   * Wait before retry number {@code retry} (1 for the first retry). Full jitter: uniform between
   * half the exponential value and all of it, so retries from many clients spread out.
   */
  public static Duration before(int retry, RetryPolicy policy, RandomGenerator random) {
    long initial = policy.initialBackoff().toMillis();
    long cap = policy.maxBackoff().toMillis();
    long exponential = initial << Math.min(30, Math.max(0, retry - 1));
    long ceiling = Math.min(cap, exponential < 0 ? cap : exponential);
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor + 1)));
  }
}
