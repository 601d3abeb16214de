package io.tollgate.proxy.routing;

import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.CooldownPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this proxy knows of one backend: requests in flight, recent failures and cooldown, its
 * per-minute load against its capacity, and recent latency. Shared by the event loops; the critical
 * sections are a few field updates.
 *
 * <p>Cooldown is a small circuit breaker: closed → (failures within the window, or one 429, 401 or
 * 403) → cooling down → (after the rest) one probe request → closed on success, cooling down again
 * on failure.
 */
public final class BackendState {

  /** Where the circuit stands; also the value of the backend-state metric. */
  public enum Health {
    AVAILABLE(0),
    COOLING_DOWN(1),
    PROBING(2);

    public final int gaugeValue;

    Health(int gaugeValue) {
      this.gaugeValue = gaugeValue;
    }
  }

  private static final long MINUTE_MILLIS = 60_000;
  private static final double EWMA_WEIGHT = 0.3;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final ArrayDeque<Long> failureTimes = new ArrayDeque<>();
  private long cooldownUntil;
  private boolean cooledDown;
  private boolean probeOut;
  private long windowStart;
  private int windowRequests;
  private long windowTokens;
  private double latencyMillis = Double.NaN;
  private double firstTokenMillis = Double.NaN;
  private long lastFailureAt;
  private String lastFailure;

  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Whether a request may go to this backend at {@code now}, and if so reserves its place (in
   * flight, per-minute count, the probe). Returns null when it may, else why not. {@code
   * honourCooldown} is false for a route's only backend: resting it would fail every request rather
   * than some.
   */
  public synchronized String tryAcquire(
      long now, BackendCapacity capacity, boolean honourCooldown) {
    if (cooledDown && honourCooldown) {
      if (now < cooldownUntil) {
        return "cooling down";
      }
      if (probeOut) {
        return "probe in flight";
      }
    }
    rollWindow(now);
    if (capacity.maxInFlight() > 0 && inFlight.get() >= capacity.maxInFlight()) {
      return "at max in flight";
    }
    if (capacity.requestsPerMinute() > 0 && windowRequests >= capacity.requestsPerMinute()) {
      return "at requests per minute";
    }
    if (capacity.tokensPerMinute() > 0 && windowTokens >= capacity.tokensPerMinute()) {
      return "at tokens per minute";
    }
    if (cooledDown && honourCooldown) {
      probeOut = true;
    }
    windowRequests++;
    inFlight.incrementAndGet();
    return null;
  }

  /** Ends an attempt reserved with {@link #tryAcquire}. */
  public void release() {
    inFlight.decrementAndGet();
  }

  /** A successful attempt: closes the circuit and feeds the latency averages. */
  public synchronized void recordSuccess(long latencyNanos, long firstTokenNanos) {
    cooledDown = false;
    probeOut = false;
    failureTimes.clear();
    if (latencyNanos > 0) {
      latencyMillis = ewma(latencyMillis, latencyNanos / 1e6);
    }
    if (firstTokenNanos > 0) {
      firstTokenMillis = ewma(firstTokenMillis, firstTokenNanos / 1e6);
    }
  }

  /** Tokens the provider reported, counted against tokens per minute. */
  public synchronized void recordTokens(long now, long tokens) {
    rollWindow(now);
    windowTokens += tokens;
  }

  /**
   * A failed attempt. {@code immediate} (429, 401, 403) cools down at once; otherwise after {@code
   * policy.failures()} within the window. {@code restFor} overrides the rest (a Retry-After).
   *
   * @return true when this failure started a cooldown
   */
  public synchronized boolean recordFailure(
      long now, CooldownPolicy policy, boolean immediate, Duration restFor, String what) {
    lastFailureAt = now;
    lastFailure = what;
    boolean wasProbe = probeOut;
    probeOut = false;
    long windowMillis = policy.window().toMillis();
    failureTimes.addLast(now);
    while (!failureTimes.isEmpty() && failureTimes.peekFirst() < now - windowMillis) {
      failureTimes.removeFirst();
    }
    while (failureTimes.size() > policy.failures()) {
      failureTimes.removeFirst();
    }
    if (immediate || wasProbe || failureTimes.size() >= policy.failures()) {
      long rest = policy.duration().toMillis();
      if (restFor != null && restFor.toMillis() > rest) {
        rest = restFor.toMillis();
      }
      cooldownUntil = now + rest;
      cooledDown = true;
      failureTimes.clear();
      return true;
    }
    return false;
  }

  public synchronized Health health(long now) {
    if (!cooledDown) {
      return Health.AVAILABLE;
    }
    return now < cooldownUntil ? Health.COOLING_DOWN : Health.PROBING;
  }

  /** Average latency in milliseconds for the request's kind, the other kind's, or NaN. */
  public synchronized double expectedMillis(boolean stream) {
    double preferred = stream ? firstTokenMillis : latencyMillis;
    return Double.isNaN(preferred) ? (stream ? latencyMillis : firstTokenMillis) : preferred;
  }

  /** A view for the status endpoint. */
  public synchronized Snapshot snapshot(long now) {
    rollWindow(now);
    return new Snapshot(
        health(now),
        inFlight.get(),
        cooledDown ? Math.max(0, cooldownUntil - now) : 0,
        failureTimes.size(),
        windowRequests,
        windowTokens,
        latencyMillis,
        firstTokenMillis,
        lastFailure,
        lastFailureAt);
  }

  /** A backend's state at one moment. */
  public record Snapshot(
      Health health,
      int inFlight,
      long cooldownRemainingMillis,
      int recentFailures,
      int requestsThisMinute,
      long tokensThisMinute,
      double latencyMillis,
      double firstTokenMillis,
      String lastFailure,
      long lastFailureAt) {}

  private void rollWindow(long now) {
    if (now - windowStart >= MINUTE_MILLIS) {
      windowStart = now - (now % MINUTE_MILLIS);
      windowRequests = 0;
      windowTokens = 0;
    }
  }

  private static double ewma(double current, double sample) {
    return Double.isNaN(current) ? sample : current + EWMA_WEIGHT * (sample - current);
  }
}
