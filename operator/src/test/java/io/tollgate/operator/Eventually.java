package io.tollgate.operator;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for an asynchronous outcome, failing with the last value seen. */
public final class Eventually {

  private Eventually() {}

  public static <T> T await(Duration bound, Supplier<T> value, java.util.function.Predicate<T> ok) {
    long deadline = System.nanoTime() + bound.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = value.get();
        if (ok.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("not reached within " + bound + "; last value: " + last);
  }
}
