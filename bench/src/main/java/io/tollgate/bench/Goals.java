package io.tollgate.bench;

import static io.tollgate.bench.Report.NGINX;
import static io.tollgate.bench.Report.TARGETS;
import static io.tollgate.bench.Report.TOLLGATE;
import static io.tollgate.bench.Report.clean;
import static io.tollgate.bench.Report.diffMs;
import static io.tollgate.bench.Report.mb;
import static io.tollgate.bench.Report.ms;
import static io.tollgate.bench.Report.num;
import static io.tollgate.bench.Report.rps;
import static io.tollgate.bench.Report.signedMs;
import static io.tollgate.bench.Report.us;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** The report's verdicts: each goal of the performance issue, measured within one run. */
final class Goals {

  /** Goal thresholds from the performance issue. */
  static final double ADDED_P99_GOAL_MS = 1.0;

  static final double SATURATION_GOAL = 0.5;
  static final double TTFT_ADDED_GOAL_MS = 1.0;
  static final long RSS_GOAL_KB = 512L * 1024;
  static final int STREAMS_GOAL = 1000;
  static final double GOAL_RATE = 1000;

  private final Path dir;
  private final StringBuilder md;

  Goals(Path dir, StringBuilder md) {
    this.dir = dir;
    this.md = md;
  }

  private Map<String, String> file(String name) throws IOException {
    return Results.read(dir.resolve(name + ".properties"));
  }

  void write() throws IOException {
    md.append("### Goals (ratios within this run)\n\n");
    md.append("| Goal | Measured | Verdict |\n|---|---|---|\n");

    String rate = LoadGenerator.fmt(GOAL_RATE);
    addedP99Row(
        "p99 added latency at 1,000 RPS ≤ 1 ms",
        file("rate-direct-" + rate),
        file("rate-nginx-" + rate),
        file("rate-tollgate-" + rate),
        "latency_p99_us",
        ADDED_P99_GOAL_MS);

    Saturation sat = Saturation.read(dir, TARGETS);
    OptionalDouble vsNginx = sat.ratio(TOLLGATE, NGINX);
    goalRow(
        "saturation throughput ≥ 0.5× nginx",
        vsNginx.isPresent()
            ? String.format(
                Locale.ROOT,
                "%.2f× (%s vs %s req/s%s)",
                vsNginx.getAsDouble(),
                rps(sat.target(TOLLGATE).medianRps()),
                rps(sat.target(NGINX).medianRps()),
                sat.target(TOLLGATE).rounds().size() > 1
                    ? "; medians of " + sat.target(TOLLGATE).rounds().size() + " rounds"
                    : "")
            : null,
        vsNginx.isPresent() ? verdict(vsNginx.getAsDouble() >= SATURATION_GOAL) : null);

    Map<String, String> sd = file("stream-direct");
    Map<String, String> stg = file("stream-tollgate");
    addedP99Row(
        "streaming adds ≤ 1 ms to TTFT p99",
        sd,
        file("stream-nginx"),
        stg,
        "ttft_p99_us",
        TTFT_ADDED_GOAL_MS);

    OptionalDouble gap50 = diffMs(stg, sd, "gap_p50_us");
    OptionalDouble gap99 = diffMs(stg, sd, "gap_p99_us");
    boolean sameChunks =
        !stg.isEmpty()
            && stg.getOrDefault("chunks_per_stream", "").equals(sd.get("chunks_per_stream"));
    goalRow(
        "chunks forwarded as they come (gap p50 and p99 within 1 ms of direct, same chunks)",
        gap50.isPresent() && gap99.isPresent()
            ? "gap p50 "
                + signedMs(gap50.getAsDouble())
                + " ms, p99 "
                + signedMs(gap99.getAsDouble())
                + " ms; "
                + stg.get("chunks_per_stream")
                + " vs "
                + sd.get("chunks_per_stream")
                + " chunks/stream"
            : null,
        gap50.isPresent() && gap99.isPresent()
            ? verdict(
                Math.abs(gap50.getAsDouble()) <= 1.0 && gap99.getAsDouble() <= 1.0 && sameChunks)
            : null);

    Map<String, String> ct = file("streams-tollgate");
    long rss = (long) num(ct, "peak_rss_kb");
    long count = (long) num(ct, "count");
    long completed = (long) num(ct, "completed");
    goalRow(
        "1,000 concurrent streams, RSS ≤ 512 MB",
        ct.isEmpty()
            ? null
            : completed
                + "/"
                + count
                + " streams completed, "
                + ct.getOrDefault("peak_open_streams", "?")
                + " open at once, peak RSS "
                + mb(rss)
                + " MB",
        ct.isEmpty()
            ? null
            : count < STREAMS_GOAL
                ? "not tested at 1,000 (quick run)"
                : verdict(completed == count && rss > 0 && rss <= RSS_GOAL_KB));
    md.append('\n');
  }

  /**
   * A goal on what Tollgate adds to a p99 over direct, with nginx's addition in the same run and
   * Tollgate's own time at p99 beside it.
   */
  private void addedP99Row(
      String goal,
      Map<String, String> direct,
      Map<String, String> nginx,
      Map<String, String> tollgate,
      String key,
      double limitMs) {
    OptionalDouble added = diffMs(tollgate, direct, key);
    goalRow(
        goal,
        added.isPresent()
            ? signedMs(added.getAsDouble())
                + " ms (Tollgate "
                + ms(us(tollgate, key))
                + " − direct "
                + ms(us(direct, key))
                + ")"
                + context(nginx, direct, tollgate, key)
            : null,
        added.isPresent() ? verdict(added.getAsDouble() <= limitMs && clean(tollgate)) : null);
  }

  /**
   * What puts an added p99 in proportion: nginx's in the same run, and Tollgate's own time per
   * request at p99 from its access log.
   */
  private static String context(
      Map<String, String> nginx,
      Map<String, String> direct,
      Map<String, String> tollgate,
      String key) {
    StringBuilder s = new StringBuilder();
    OptionalDouble byNginx = diffMs(nginx, direct, key);
    if (byNginx.isPresent()) {
      s.append("; nginx ").append(signedMs(byNginx.getAsDouble())).append(" ms in the same run");
    }
    if (tollgate.containsKey("own_time_p99_us")) {
      s.append("; time inside Tollgate p99 ")
          .append(ms(us(tollgate, "own_time_p99_us")))
          .append(" ms");
    }
    return s.toString();
  }

  private void goalRow(String goal, String measured, String verdict) {
    md.append("| ")
        .append(goal)
        .append(" | ")
        .append(measured == null ? "not measured" : measured)
        .append(" | ")
        .append(verdict == null ? "—" : verdict)
        .append(" |\n");
  }

  private static String verdict(boolean met) {
    return met ? "**met**" : "**missed**";
  }
}
