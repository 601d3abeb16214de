package io.tollgate.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> silent = new ArrayList<>();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** Runs {@code test} on an event loop with a fresh loop list, and returns its result. */
  private <T> T onLoop(Function<IdleWatch.Loop, T> test) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          try {
            result.complete(test.apply(new IdleWatch.Loop()));
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(5, TimeUnit.SECONDS);
  }

  private UpstreamAttempt attempt(String name, long lastDataNanos, long limitNanos) {
    UpstreamAttempt attempt = new UpstreamAttempt(null, null, null);
    attempt.lastDataNanos = lastDataNanos;
    attempt.idleLimitNanos = limitNanos;
    attempt.context = (ContextInternal) Vertx.currentContext();
    attempt.onSilent = v -> silent.add(name);
    return attempt;
  }

  @Test
  void aSweepHandsOverTheSilentAttemptsOnlyAndForgetsThem() throws Exception {
    int left =
        onLoop(
            loop -> {
              loop.add(attempt("quiet-long", 0, 100));
              loop.add(attempt("busy", 90, 100));
              loop.add(attempt("quiet-exactly", 50, 100));
              loop.sweep(150);
              return loop.size();
            });

    assertThat(silent).containsExactly("quiet-long", "quiet-exactly");
    assertThat(left).isEqualTo(1);
  }

  /** A watched attempt with an idle limit of 100 and a client limit of 1,000, now held. */
  private UpstreamAttempt heldForClient(IdleWatch.Loop loop, String name) {
    UpstreamAttempt held = attempt(name, 0, 100);
    held.clientStallLimitNanos = 1_000;
    loop.add(held);
    held.holdForClient();
    return held;
  }

  @Test
  void whileHeldForASlowClientAnAttemptIsHeldToTheClientsLimitInstead() throws Exception {
    List<Integer> left =
        onLoop(
            loop -> {
              UpstreamAttempt held = heldForClient(loop, "held");
              long heldAt = held.lastDataNanos;
              loop.sweep(heldAt + 999);
              int pastTheIdleLimit = loop.size();
              held.releasedByClient();
              long released = held.lastDataNanos;
              loop.sweep(released + 99);
              int justReleased = loop.size();
              loop.sweep(released + 100);
              return List.of(pastTheIdleLimit, justReleased, loop.size());
            });

    assertThat(left).containsExactly(1, 1, 0);
    assertThat(silent).containsExactly("held");
  }

  @Test
  void aClientThatStaysStalledPastItsLimitIsReported() throws Exception {
    int left =
        onLoop(
            loop -> {
              UpstreamAttempt held = heldForClient(loop, "stalled");
              loop.sweep(held.lastDataNanos + 1_000);
              return loop.size();
            });

    assertThat(silent).containsExactly("stalled");
    assertThat(left).isZero();
  }

  @Test
  void attemptsLeaveFromTheHeadTheMiddleAndTheTail() throws Exception {
    int left =
        onLoop(
            loop -> {
              UpstreamAttempt first = attempt("first", 0, 10);
              UpstreamAttempt middle = attempt("middle", 0, 10);
              UpstreamAttempt last = attempt("last", 0, 10);
              loop.add(first);
              loop.add(middle);
              loop.add(last);
              loop.remove(middle);
              loop.remove(first);
              loop.remove(last);
              loop.add(attempt("again", 0, 10));
              loop.sweep(100);
              return loop.size();
            });

    assertThat(silent).containsExactly("again");
    assertThat(left).isZero();
  }

  @Test
  void theLoopSweepsByItselfEveryTick() throws Exception {
    CompletableFuture<Void> noticed = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          IdleWatch.Loop loop = new IdleWatch.Loop();
          UpstreamAttempt attempt =
              attempt("silent", System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50));
          attempt.onSilent = x -> noticed.complete(null);
          loop.add(attempt);
        });
    noticed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void onlyAnEventLoopWatches() {
    assertThatThrownBy(IdleWatch.Loop::new).isInstanceOf(IllegalStateException.class);
  }
}
