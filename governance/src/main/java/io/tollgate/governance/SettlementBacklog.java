package io.tollgate.governance;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Settlements the shared store has not taken yet (it was down), replayed to it in order, one at a
 * time, once it answers again: settled spend is never lost to an outage. Bounded: when full, the
 * oldest is dropped and counted, so an outage of hours cannot exhaust memory.
 */
final class SettlementBacklog {

  private static final Logger LOG = Logger.getLogger(SettlementBacklog.class);

  /** A settlement as it is to be sent to the shared store. */
  record Pending(Reservation reservation, Actual actual, long nowMillis) {}

  private final LinkedBlockingDeque<Pending> queue;
  private final UsageStore shared;
  private final SharedStoreBreaker breaker;
  private final Vertx vertx;
  private final long retryMillis;
  private final Consumer<CrossedThreshold> crossings;
  private final AtomicBoolean replaying = new AtomicBoolean();
  private final AtomicBoolean retryScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();

  /**
   * @param crossings where alert thresholds that replayed settlements cross are reported (the
   *     request that caused them has long ended)
   */
  SettlementBacklog(
      int capacity,
      UsageStore shared,
      SharedStoreBreaker breaker,
      Vertx vertx,
      Duration retryInterval,
      Consumer<CrossedThreshold> crossings) {
    this.queue = new LinkedBlockingDeque<>(capacity);
    this.shared = shared;
    this.breaker = breaker;
    this.vertx = vertx;
    this.retryMillis = Math.max(1, retryInterval.toMillis());
    this.crossings = crossings;
  }

  void add(Pending pending) {
    while (!queue.offerLast(pending)) {
      if (queue.pollFirst() != null) {
        countDrop();
      }
    }
    replay();
  }

  /** Starts replaying unless already under way; when the store is down, retries on a timer. */
  void replay() {
    if (!queue.isEmpty() && replaying.compareAndSet(false, true)) {
      next();
    }
  }

  int size() {
    return queue.size();
  }

  long dropped() {
    return dropped.get();
  }

  long replayed() {
    return replayed.get();
  }

  private void next() {
    // Peeked, not polled: it stays counted (and first in line) until the shared store took it.
    Pending pending = queue.peekFirst();
    if (pending == null) {
      replaying.set(false);
      replay(); // one may have been added between the peek and the flag
      return;
    }
    if (!breaker.tryAcquire()) {
      pause();
      return;
    }
    breaker
        .call(() -> shared.settle(pending.reservation(), pending.actual(), pending.nowMillis()))
        .onComplete(
            result -> {
              if (result.failed()) {
                pause();
                return;
              }
              queue.removeFirstOccurrence(pending);
              replayed.incrementAndGet();
              result.result().crossed().forEach(crossings);
              // Through the event loop rather than recursion: a long backlog must not grow the
              // stack.
              vertx.runOnContext(v -> next());
            });
  }

  private void pause() {
    replaying.set(false);
    if (retryScheduled.compareAndSet(false, true)) {
      vertx.setTimer(
          retryMillis,
          id -> {
            retryScheduled.set(false);
            replay();
          });
    }
  }

  private void countDrop() {
    long count = dropped.incrementAndGet();
    if (count == 1 || count % 10_000 == 0) {
      LOG.warnf(
          "Settlement backlog full (%d): dropped the oldest, %d so far; that spend will be missing"
              + " from the shared store",
          queue.remainingCapacity() + queue.size(), count);
    }
  }
}
