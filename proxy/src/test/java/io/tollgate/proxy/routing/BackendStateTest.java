package io.tollgate.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.CooldownPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cooldown, probing and capacity on a clock the test moves (times in epoch milliseconds). */
class BackendStateTest {

  private static final CooldownPolicy POLICY =
      new CooldownPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(30));
  private final BackendState state = new BackendState();

  private boolean acquire(long now) {
    boolean ok = state.tryAcquire(now, BackendCapacity.UNLIMITED, true) == null;
    if (ok) {
      state.release();
    }
    return ok;
  }

  private void fail(long now) {
    state.recordFailure(now, POLICY, false, null, "server_error");
  }

  @Test
  void restsAfterEnoughFailuresWithinTheWindow() {
    fail(1_000);
    fail(2_000);
    assertThat(acquire(2_500)).isTrue();
    fail(3_000);
    assertThat(state.health(3_001)).isEqualTo(BackendState.Health.COOLING_DOWN);
    assertThat(acquire(32_999)).isFalse();
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    fail(0);
    fail(1_000);
    fail(62_000);
    assertThat(state.health(62_001)).isEqualTo(BackendState.Health.AVAILABLE);
  }

  @Test
  void aRateLimitRestsAtOnceForAsLongAsTheProviderAsked() {
    state.recordFailure(10_000, POLICY, true, Duration.ofSeconds(45), "rate_limited");
    assertThat(acquire(10_001)).isFalse();
    assertThat(acquire(54_999)).isFalse();
    assertThat(state.health(55_000)).isEqualTo(BackendState.Health.PROBING);
  }

  @Test
  void afterTheRestOneProbeDecides() {
    state.recordFailure(0, POLICY, true, null, "rate_limited");
    assertThat(state.tryAcquire(30_000, BackendCapacity.UNLIMITED, true)).isNull();
    assertThat(state.tryAcquire(30_001, BackendCapacity.UNLIMITED, true))
        .isEqualTo("probe in flight");
    // The probe fails: another full rest.
    state.release();
    state.recordFailure(30_500, POLICY, false, null, "server_error");
    assertThat(state.health(30_501)).isEqualTo(BackendState.Health.COOLING_DOWN);
    assertThat(state.tryAcquire(60_499, BackendCapacity.UNLIMITED, true)).isEqualTo("cooling down");
    // The next probe succeeds: back in service for everyone.
    assertThat(state.tryAcquire(60_500, BackendCapacity.UNLIMITED, true)).isNull();
    state.release();
    state.recordSuccess(1_000_000, 0);
    assertThat(state.health(60_600)).isEqualTo(BackendState.Health.AVAILABLE);
    assertThat(acquire(60_601)).isTrue();
    assertThat(acquire(60_602)).isTrue();
  }

  @Test
  void anOnlyBackendIsNeverRested() {
    state.recordFailure(0, POLICY, true, null, "rate_limited");
    assertThat(state.tryAcquire(1, BackendCapacity.UNLIMITED, false)).isNull();
  }

  @Test
  void capacityLimitsInFlightRequestsAndTokensPerMinute() {
    BackendCapacity capacity = new BackendCapacity(3, 1_000, 2);
    assertThat(state.tryAcquire(0, capacity, true)).isNull();
    assertThat(state.tryAcquire(0, capacity, true)).isNull();
    assertThat(state.tryAcquire(0, capacity, true)).isEqualTo("at max in flight");
    state.release();
    assertThat(state.tryAcquire(1, capacity, true)).isNull();
    state.release();
    state.release();
    assertThat(state.tryAcquire(2, capacity, true)).isEqualTo("at requests per minute");
    // A new minute.
    assertThat(state.tryAcquire(60_000, capacity, true)).isNull();
    state.release();
    state.recordTokens(60_001, 1_000);
    assertThat(state.tryAcquire(60_002, capacity, true)).isEqualTo("at tokens per minute");
    assertThat(state.tryAcquire(120_000, capacity, true)).isNull();
  }
}
