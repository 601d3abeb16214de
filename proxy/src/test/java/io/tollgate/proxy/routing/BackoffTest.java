package io.tollgate.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.RetryCondition;
import io.tollgate.config.snapshot.RetryPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(
          5,
          Duration.ofMillis(100),
          Duration.ofMillis(1_000),
          EnumSet.allOf(RetryCondition.class),
          Duration.ofSeconds(10),
          false);

  @Test
  void doublesFromTheInitialBackoffWithJitterUpToTheCap() {
    SplittableRandom random = new SplittableRandom(7);
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {500, 1_000}, {500, 1_000}};
    for (int retry = 1; retry <= bounds.length; retry++) {
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < 2_000; i++) {
        long millis = Backoff.before(retry, POLICY, random).toMillis();
        min = Math.min(min, millis);
        max = Math.max(max, millis);
      }
      long[] expected = bounds[retry - 1];
      assertThat(min).as("retry %d min", retry).isBetween(expected[0], expected[0] + 10);
      assertThat(max).as("retry %d max", retry).isBetween(expected[1] - 10, expected[1]);
    }
  }
}
