package io.tollgate.bench;

/**
 * When each request of a constant-rate run is meant to be sent: request {@code i} is due at {@code
 * start + i / rate}, whatever happened to the requests before it. Latency is measured from this
 * time, never from the moment the request actually left, so a stalled server (or a stalled
 * generator) shows up in the percentiles instead of silently lowering the offered load.
 */
public record RateSchedule(long startNanos, double ratePerSecond) {

  public RateSchedule {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
    }
  }

  /** Nanoseconds between two consecutive intended send times. */
  public double intervalNanos() {
    return 1e9 / ratePerSecond;
  }

  /** The intended send time of request {@code index} (0-based). */
  public long intendedTime(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0");
    }
    // Computed from the start each time so rounding never accumulates over a long run.
    return startNanos + (long) Math.floor(index * intervalNanos());
  }

  /** How many requests are due at {@code nowNanos}: those whose intended time is not after it. */
  public long dueBy(long nowNanos) {
    if (nowNanos < startNanos) {
      return 0;
    }
    long n = (long) Math.floor((nowNanos - startNanos) / intervalNanos()) + 1;
    // Guard the floating-point edge: make the answer agree exactly with intendedTime().
    while (n > 0 && intendedTime(n - 1) > nowNanos) {
      n--;
    }
    while (intendedTime(n) <= nowNanos) {
      n++;
    }
    return n;
  }

  /** How many requests are intended before {@code endNanos} (exclusive). */
  public long countBefore(long endNanos) {
    return endNanos <= startNanos ? 0 : dueBy(endNanos - 1);
  }
}
