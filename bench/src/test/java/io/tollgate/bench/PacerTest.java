package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

  /** A clock that only moves when the pacer parks, and can be made to oversleep once. */
  static final class FakeClock implements NanoClock {
    long now;
    long oversleepAt = -1;
    long oversleepBy;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void parkUntil(long deadline) {
      now = Math.max(now, deadline);
      if (oversleepAt >= 0 && now >= oversleepAt) {
        now += oversleepBy;
        oversleepAt = -1;
      }
    }
  }

  record Dispatch(long index, long intended, long at) {}

  @Test
  void sendsEachRequestAtItsIntendedTime() {
    FakeClock clock = new FakeClock();
    List<Dispatch> seen = new ArrayList<>();
    RateSchedule schedule = new RateSchedule(0, 1000);
    new Pacer(
            schedule,
            10_000_000L,
            Long.MAX_VALUE,
            clock,
            (i, t) -> seen.add(new Dispatch(i, t, clock.now)))
        .run();
    assertThat(seen).hasSize(10);
    for (Dispatch d : seen) {
      assertThat(d.intended()).isEqualTo(d.index() * 1_000_000L);
      assertThat(d.at()).isEqualTo(d.intended());
    }
  }

  @Test
  void aLateWakeUpSendsTheBacklogAtOnceWithTheOriginalIntendedTimes() {
    FakeClock clock = new FakeClock();
    // The pacer oversleeps by 5.5 ms when waiting for request 3 (due at 3 ms).
    clock.oversleepAt = 3_000_000L;
    clock.oversleepBy = 5_500_000L;
    List<Dispatch> seen = new ArrayList<>();
    new Pacer(
            new RateSchedule(0, 1000),
            20_000_000L,
            Long.MAX_VALUE,
            clock,
            (i, t) -> seen.add(new Dispatch(i, t, clock.now)))
        .run();

    // The offered load is unchanged: 20 requests on the 1 ms grid, none skipped or shifted.
    assertThat(seen)
        .extracting(Dispatch::intended)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, 20).map(i -> i * 1_000_000L).boxed().toList());
    // Requests 3..8 (due 3..8 ms) all leave at 8.5 ms, the moment the pacer wakes up.
    for (int i = 3; i <= 8; i++) {
      assertThat(seen.get(i).at()).as("request %d", i).isEqualTo(8_500_000L);
    }
    assertThat(seen.get(9).at()).isEqualTo(9_000_000L);
  }

  @Test
  void stopsAtTheEndTimeOrTheRequestLimit() {
    FakeClock clock = new FakeClock();
    List<Long> seen = new ArrayList<>();
    new Pacer(new RateSchedule(0, 100), Long.MAX_VALUE, 7, clock, (i, t) -> seen.add(i)).run();
    assertThat(seen).hasSize(7);

    seen.clear();
    Pacer byTime =
        new Pacer(
            new RateSchedule(0, 100), 50_000_000L, Long.MAX_VALUE, clock, (i, t) -> seen.add(i));
    byTime.run();
    assertThat(seen).hasSize(5);
    assertThat(byTime.dispatched()).isEqualTo(5);
  }
}
