package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  private void write(String name, String... kv) throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    Results.write(dir.resolve(name + ".properties"), m);
  }

  @Test
  void goalsAreJudgedOnDifferencesWithinTheRun() throws Exception {
    write("meta", "date", "2026-11-24", "rates", "1000");
    write(
        "rate-direct-1000",
        "achieved_rps",
        "1000.0",
        "errors",
        "0",
        "incomplete",
        "0",
        "latency_p50_us",
        "200",
        "latency_p99_us",
        "400",
        "latency_p999_us",
        "900");
    write(
        "rate-tollgate-1000",
        "achieved_rps",
        "999.0",
        "errors",
        "0",
        "incomplete",
        "0",
        "latency_p50_us",
        "500",
        "latency_p99_us",
        "1650",
        "latency_p999_us",
        "2000",
        "proxy_cpu_s",
        "3.0",
        "total_completed",
        "20000");
    write("sat-nginx", "rps", "20000", "requests", "300000", "duration_s", "15");
    write("sat-tollgate", "rps", "9000", "requests", "135000", "duration_s", "15");

    String md = Report.render(dir);

    // 1.650 - 0.400 = 1.250 ms added at p99: over the 1 ms goal.
    assertThat(md).contains("| p99 added latency at 1,000 RPS ≤ 1 ms | +1.250 ms");
    assertThat(md).containsPattern("p99 added latency at 1,000 RPS[^\\n]*\\*\\*missed\\*\\*");
    // 9,000 / 20,000 = 0.45× nginx: missed.
    assertThat(md).contains("0.45× (9,000 vs 20,000 req/s) | **missed**");
    // Added columns and CPU per 1,000 requests in the rate table.
    assertThat(md).contains("| 1000 | tollgate | 999.0 | 0.500 |");
    assertThat(md).contains("| +0.300 | +1.250 | +1.100 | 0.150 |");
  }

  @Test
  void saturationRoundsArePairedWithinARoundAndSummedForCpu() throws Exception {
    write("meta", "date", "2026-12-06");
    String[][] rounds = {{"20000", "9000"}, {"30000", "16000"}, {"10000", "6000"}};
    for (int i = 0; i < rounds.length; i++) {
      write("sat-nginx-" + (i + 1), "rps", rounds[i][0], "requests", "100000", "duration_s", "10");
      write(
          "sat-tollgate-" + (i + 1),
          "rps",
          rounds[i][1],
          "requests",
          "50000",
          "duration_s",
          "10",
          "proxy_cpu_s",
          "2.5");
    }

    String md = Report.render(dir);

    // Per-round ratios 0.45, 0.53 and 0.60: the median is 0.53, although the medians of the
    // throughputs alone (9,000 vs 20,000) would say 0.45.
    assertThat(md).contains("0.53× (9,000 vs 20,000 req/s; medians of 3 rounds) | **met**");
    // 7.5 CPU seconds for 150,000 requests over 30 s.
    assertThat(md).contains("| tollgate | 9,000 | 3 (6,000–16,000) | 0.53 | — | 0.25 | 0.050 |");
  }

  @Test
  void aMissingMeasurementIsSaidToBeMissing() throws Exception {
    write("meta", "date", "2026-11-24");
    String md = Report.render(dir);
    assertThat(md).contains("| streaming adds ≤ 1 ms to TTFT p99 | not measured | — |");
  }
}
