package io.tollgate.governance;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Guards calls to the shared store: each call gets a deadline (a Vert.x timer, never a blocked
 * thread), and after a failure the store is skipped for a back-off, so requests do not each wait
 * out the deadline while it is down. After the back-off one call probes it; the first success
 * closes the breaker again.
 */
final class SharedStoreBreaker {

  private static final Logger LOG = Logger.getLogger(SharedStoreBreaker.class);

  private final Vertx vertx;
  private final long timeoutMillis;
  private final long backoffNanos;
  private final AtomicBoolean down = new AtomicBoolean();
  // Monotonic time (System.nanoTime) when the next probe may go; only read while down.
  private final AtomicLong retryAtNanos = new AtomicLong();

  SharedStoreBreaker(Vertx vertx, Duration timeout, Duration backoff) {
    if (timeout.isNegative() || timeout.isZero() || backoff.isNegative()) {
      throw new IllegalArgumentException("The timeout must be positive, the back-off not negative");
    }
    this.vertx = vertx;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.backoffNanos = backoff.toNanos();
  }

  /**
   * Whether a call may go to the shared store now: always while it answers; while it is down, for
   * one caller per back-off (the probe), so others decide locally meanwhile.
   */
  boolean tryAcquire() {
    if (!down.get()) {
      return true;
    }
    long retryAt = retryAtNanos.get();
    long now = System.nanoTime();
    return now - retryAt >= 0 && retryAtNanos.compareAndSet(retryAt, now + backoffNanos);
  }

  /** Whether the last call answered. */
  boolean available() {
    return !down.get();
  }

  /**
   * Runs the call with the deadline; its outcome opens or closes the breaker before the returned
   * future's other listeners run. A call that answers after its deadline is ignored (the caller
   * already decided without it).
   */
  <T> Future<T> call(Supplier<Future<T>> operation) {
    Promise<T> deadline = Promise.promise();
    long timer =
        vertx.setTimer(
            timeoutMillis,
            id ->
                deadline.tryFail(
                    new TimeoutException(
                        "The shared usage store did not answer within " + timeoutMillis + " ms")));
    Future<T> pending;
    try {
      pending = operation.get();
    } catch (RuntimeException e) {
      pending = Future.failedFuture(e);
    }
    pending.onComplete(
        result -> {
          vertx.cancelTimer(timer);
          if (result.succeeded()) {
            deadline.tryComplete(result.result());
          } else {
            deadline.tryFail(result.cause());
          }
        });
    return deadline
        .future()
        .onComplete(
            result -> {
              if (result.succeeded()) {
                answered();
              } else {
                failed(result.cause());
              }
            });
  }

  private void answered() {
    if (down.compareAndSet(true, false)) {
      LOG.info("The shared usage store answers again; limits and budgets are shared again");
    }
  }

  private void failed(Throwable cause) {
    retryAtNanos.set(System.nanoTime() + backoffNanos);
    if (down.compareAndSet(false, true)) {
      LOG.warnf(
          "The shared usage store is unavailable (%s); meters fail open on local counters or fail"
              + " closed by their policy, retrying every %d ms",
          cause.toString(), backoffNanos / 1_000_000);
    }
  }
}
