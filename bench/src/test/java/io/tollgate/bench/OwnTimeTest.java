package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnTimeTest {

  @TempDir Path dir;

  private static String line(String time, String latency, String upstream) {
    return "{\"time\":\""
        + time
        + "\",\"request_id\":\"r\",\"status\":200"
        + (upstream == null ? "" : ",\"upstream_ms\":" + upstream)
        + ",\"latency_ms\":"
        + latency
        + "}";
  }

  @Test
  void readsLatencyMinusUpstreamOfAnsweredRequestsInTheWindow() throws Exception {
    Path log = dir.resolve("tollgate.out");
    Files.write(
        log,
        List.of(
            "2026-12-06 11:00:00,000 INFO  [io.quarkus] (main) started",
            line("2026-12-06T11:00:00.999Z", "9.000", "1.000"), // before the window
            line("2026-12-06T11:00:01.000Z", "1.250", "1.000"),
            line("2026-12-06T11:00:01.500Z", "2.100", "2.000"),
            line("2026-12-06T11:00:01.700Z", "0.400", null), // refused: no upstream call
            line("2026-12-06T11:00:02.000Z", "9.000", "1.000"))); // after it
    long from = Instant.parse("2026-12-06T11:00:01Z").toEpochMilli();

    Map<String, String> own = OwnTime.read(log, from, from + 1000);

    assertThat(own).containsEntry("own_time_count", "2");
    assertThat(own).containsEntry("own_time_p50_us", "100").containsEntry("own_time_max_us", "250");
  }

  @Test
  void theReportShowsOnlyRunsThatHaveIt() {
    StringBuilder md = new StringBuilder();
    OwnTime.table(
        md,
        List.of("500 RPS", "1000 RPS"),
        List.of(
            Map.of(
                "own_time_count", "10000",
                "own_time_p50_us", "61",
                "own_time_p90_us", "80",
                "own_time_p99_us", "190",
                "own_time_p999_us", "1400",
                "own_time_max_us", "2100"),
            Map.of()));

    assertThat(md.toString())
        .contains("| 500 RPS | 10000 | 0.061 | 0.080 | 0.190 | 1.400 | 2.100 |")
        .doesNotContain("1000 RPS");
  }
}
