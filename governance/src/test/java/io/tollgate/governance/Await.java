package io.tollgate.governance;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits in tests for futures that must complete; the bound only catches hangs, never timing. */
final class Await {

  static final Duration HANG = Duration.ofSeconds(30);

  private Await() {}

  static <T> T result(Future<T> future) {
    return result(future, HANG);
  }

  static <T> T result(Future<T> future, Duration bound) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("The future failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("The future did not complete within " + bound, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
