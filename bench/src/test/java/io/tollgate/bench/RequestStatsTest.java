package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coordinated omission: a server that stalls for a while holds up every request scheduled during
 * the stall. A generator timing from the actual send sees one slow request; the latency users of a
 * constant-rate service would see is what the corrected histogram must show.
 */
class RequestStatsTest {

  private static final long MS = 1_000_000L;

  /**
   * One connection, 1,000 requests per second for 10 s, 0.2 ms per request, except that the server
   * stalls for 500 ms once. Each request leaves when it is due and the connection is free.
   */
  private static RequestStats simulateStall() {
    RateSchedule schedule = new RateSchedule(0, 1000);
    RequestStats stats = new RequestStats(0);
    long free = 0;
    for (long i = 0; i < 10_000; i++) {
      long intended = schedule.intendedTime(i);
      long sent = Math.max(intended, free);
      long service = i == 2_000 ? 500 * MS : MS / 5;
      long done = sent + service;
      stats.sent(intended, sent);
      stats.success(intended, sent, done, 1000);
      free = done;
    }
    return stats;
  }

  @Test
  void latencyCountsFromTheIntendedSendTime() {
    RequestStats stats = simulateStall();
    // About 500 requests (5%) were due during the stall and waited for it: p99 is far above the
    // service time, and p90 is not.
    assertThat(stats.latency().getValueAtPercentile(99)).isGreaterThan(300_000);
    assertThat(stats.latency().getValueAtPercentile(90)).isLessThan(1_000);
    assertThat(stats.latency().getMaxValue()).isGreaterThanOrEqualTo(500_000);
  }

  @Test
  void timingFromTheActualSendHidesTheStall() {
    RequestStats stats = simulateStall();
    // The uncorrected view, kept for comparison, misses it: only one request was slow.
    assertThat(stats.uncorrected().getValueAtPercentile(99.9)).isLessThan(1_000);
    assertThat(stats.uncorrected().getMaxValue()).isGreaterThanOrEqualTo(500_000);
  }

  @Test
  void warmUpRequestsAreLeftOutByIntendedTime() {
    RequestStats stats = new RequestStats(10 * MS);
    stats.success(9 * MS, 9 * MS, 12 * MS, 100); // intended in warm-up, done in the window
    stats.success(10 * MS, 10 * MS, 11 * MS, 100);
    stats.failure(11 * MS, 20 * MS, "status 502");
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.warmupCompleted()).isEqualTo(1);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.latency().getTotalCount()).isEqualTo(1);
    assertThat(stats.latency().getMaxValue()).isBetween(999L, 1001L);
    Map<String, String> out = new HashMap<>();
    stats.putInto(out);
    assertThat(out).containsEntry("error_kinds", "{status 502=1}");
  }

  @Test
  void achievedRateDropsWhenTheTargetFallsBehind() {
    RequestStats keepsUp = new RequestStats(0);
    RequestStats behind = new RequestStats(0);
    RateSchedule schedule = new RateSchedule(0, 1000);
    for (long i = 0; i < 1000; i++) {
      long t = schedule.intendedTime(i);
      keepsUp.success(t, t, t + MS, 1);
      // Serves one request every 2 ms: the last completes at 2 s.
      behind.success(t, t, (i + 1) * 2 * MS, 1);
    }
    assertThat(keepsUp.achievedRate()).isBetween(990.0, 1010.0);
    assertThat(behind.achievedRate()).isBetween(490.0, 510.0);
  }
}
