package io.tollgate.proxy.openai;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.inject.Singleton;

/**
 * Ends upstream attempts that fall silent: no response head, or no data, for longer than their idle
 * limit, or, while reading is paused for a slow client, no progress of the client for longer than
 * its limit (see {@link UpstreamAttempt#silenceLimitNanos()}). Each event loop sweeps the attempts
 * it watches every {@link #TICK_MILLIS}, rather than arming a timer per attempt: a Vert.x timer
 * costs a map entry, a scheduled task and its removal again on every request, while a watched
 * attempt costs two links in a list. An attempt is noticed within one tick of its limit.
 *
 * <p>Everything here runs on the event loop of the attempts it watches.
 */
@Singleton
public class IdleWatch {

  static final long TICK_MILLIS = 100;

  private final FastThreadLocal<Loop> loops =
      new FastThreadLocal<>() {
        @Override
        protected Loop initialValue() {
          return new Loop();
        }
      };

  /** Starts watching; on the attempt's event loop, with its idle limit and silence handler set. */
  void watch(UpstreamAttempt attempt) {
    loops.get().add(attempt);
  }

  /** The attempts of one event loop, in a list linked through the attempts themselves. */
  static final class Loop {
    private UpstreamAttempt head;
    private UpstreamAttempt tail;

    Loop() {
      ContextInternal context = (ContextInternal) Vertx.currentContext();
      if (context == null || !context.isEventLoopContext()) {
        throw new IllegalStateException("upstream attempts are watched on their event loop");
      }
      context.unwrap().setPeriodic(TICK_MILLIS, id -> sweep(System.nanoTime()));
    }

    void add(UpstreamAttempt attempt) {
      attempt.watchedBy = this;
      attempt.prevWatched = tail;
      attempt.nextWatched = null;
      if (tail == null) {
        head = attempt;
      } else {
        tail.nextWatched = attempt;
      }
      tail = attempt;
    }

    void remove(UpstreamAttempt attempt) {
      if (attempt.prevWatched == null) {
        head = attempt.nextWatched;
      } else {
        attempt.prevWatched.nextWatched = attempt.nextWatched;
      }
      if (attempt.nextWatched == null) {
        tail = attempt.prevWatched;
      } else {
        attempt.nextWatched.prevWatched = attempt.prevWatched;
      }
      attempt.watchedBy = null;
      attempt.prevWatched = null;
      attempt.nextWatched = null;
    }

    /** Hands each attempt silent for its limit to its handler, on its request's context. */
    void sweep(long now) {
      for (UpstreamAttempt attempt = head; attempt != null; ) {
        UpstreamAttempt next = attempt.nextWatched;
        if (now - attempt.lastDataNanos >= attempt.silenceLimitNanos()) {
          remove(attempt);
          attempt.context.dispatch(attempt.onSilent);
        }
        attempt = next;
      }
    }

    /** How many attempts are watched (tests). */
    int size() {
      int n = 0;
      for (UpstreamAttempt a = head; a != null; a = a.nextWatched) {
        n++;
      }
      return n;
    }
  }
}
