package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

  @Test
  void intendedTimesAreOnAFixedGridFromTheStart() {
    RateSchedule s = new RateSchedule(1_000L, 1000);
    assertThat(s.intendedTime(0)).isEqualTo(1_000L);
    assertThat(s.intendedTime(1)).isEqualTo(1_001_000L);
    assertThat(s.intendedTime(2500)).isEqualTo(1_000L + 2_500_000_000L);
  }

  @Test
  void aRateThatDoesNotDivideASecondDoesNotDrift() {
    RateSchedule s = new RateSchedule(0, 3);
    // 3 per second for a day: the 259,200th request is due exactly one day after the start.
    assertThat(s.intendedTime(3L * 86_400)).isEqualTo(86_400L * 1_000_000_000L);
  }

  @Test
  void dueByAgreesWithIntendedTimes() {
    RateSchedule s = new RateSchedule(500, 7);
    assertThat(s.dueBy(499)).isZero();
    for (long i = 0; i < 50; i++) {
      long t = s.intendedTime(i);
      assertThat(s.dueBy(t)).as("at request %d's time", i).isEqualTo(i + 1);
      assertThat(s.dueBy(t - 1)).as("just before request %d", i).isEqualTo(i);
    }
    assertThat(s.countBefore(s.intendedTime(10))).isEqualTo(10);
  }

  @Test
  void rejectsRatesThatAreNotPositive() {
    assertThatThrownBy(() -> new RateSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateSchedule(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
