package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamStatsTest {

  private static final long MS = 1_000_000L;

  @Test
  void timeToFirstTokenCountsFromTheIntendedSendTimeAndGapsBetweenChunks() {
    StreamStats stats = new StreamStats(0);
    StreamStats.Stream s = stats.start(10 * MS);
    s.opened();
    s.onEvent(13 * MS, false); // first token 3 ms after it was due
    s.onEvent(23 * MS, false);
    s.onEvent(33 * MS, false);
    s.onEvent(34 * MS, true); // [DONE] is not a chunk: no 1 ms gap
    s.ended(35 * MS);

    assertThat(stats.ttft().getTotalCount()).isEqualTo(1);
    assertThat(stats.ttft().getMaxValue()).isBetween(2_990L, 3_010L);
    assertThat(stats.gap().getTotalCount()).isEqualTo(2);
    assertThat(stats.gap().getMinValue()).isBetween(9_990L, 10_010L);
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.chunks()).isEqualTo(3);
    assertThat(stats.errors()).isZero();
  }

  @Test
  void aStreamThatEndsWithoutDoneIsAnError() {
    StreamStats stats = new StreamStats(0);
    StreamStats.Stream s = stats.start(0);
    s.opened();
    s.onEvent(MS, false);
    s.ended(2 * MS);
    assertThat(stats.completed()).isZero();
    assertThat(stats.errors()).isEqualTo(1);
    Map<String, String> out = new HashMap<>();
    stats.putInto(out);
    assertThat(out).containsEntry("error_kinds", "{truncated=1}");
  }

  @Test
  void countsStreamsOpenAtOnceAndEndsEachOnlyOnce() {
    StreamStats stats = new StreamStats(0);
    StreamStats.Stream a = stats.start(0);
    StreamStats.Stream b = stats.start(0);
    StreamStats.Stream c = stats.start(0);
    a.opened();
    b.opened();
    a.fail(MS, "IOException");
    a.ended(2 * MS); // an end after a failure changes nothing
    c.opened();
    b.onEvent(MS, true);
    b.ended(3 * MS);
    c.onEvent(MS, true);
    c.ended(3 * MS);
    assertThat(stats.peakOpen()).isEqualTo(2);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.completed()).isEqualTo(2);
  }

  @Test
  void warmUpStreamsAreNotMeasured() {
    StreamStats stats = new StreamStats(100 * MS);
    StreamStats.Stream early = stats.start(99 * MS);
    early.onEvent(150 * MS, false);
    early.onEvent(151 * MS, true);
    early.ended(152 * MS);
    assertThat(stats.ttft().getTotalCount()).isZero();
    assertThat(stats.completed()).isZero();
  }
}
