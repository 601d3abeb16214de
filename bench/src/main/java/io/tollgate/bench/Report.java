package io.tollgate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns a results directory written by {@code bench/run.sh} into the Markdown report: setup, goals,
 * saturation, fixed-rate latency, CPU, streaming and concurrent streams.
 *
 * <p>"Added" latency is a difference of percentiles (target p99 minus direct p99 in the same run),
 * not a percentile of per-request differences, which a black-box measurement cannot observe.
 */
public final class Report {

  static final String DIRECT = "direct";
  static final String NGINX = "nginx";
  static final String TOLLGATE = "tollgate";
  static final List<String> TARGETS = List.of(DIRECT, NGINX, TOLLGATE);
  static final List<String> PROXIES = List.of(NGINX, TOLLGATE);
  private static final String[] P = {"p50", "p90", "p99", "p999"};

  private final Path dir;
  private final Map<String, String> meta;
  private final StringBuilder md = new StringBuilder();
  private final List<String> warnings = new ArrayList<>();

  private Report(Path dir) throws IOException {
    this.dir = dir;
    this.meta = Results.read(dir.resolve("meta.properties"));
  }

  /** The Markdown report for the results in {@code dir}. */
  public static String render(Path dir) throws IOException {
    return new Report(dir).build();
  }

  private Map<String, String> file(String name) throws IOException {
    return Results.read(dir.resolve(name + ".properties"));
  }

  private String build() throws IOException {
    md.append("## ")
        .append(meta.getOrDefault("date", "?"))
        .append(meta.containsKey("title") ? " — " + meta.get("title") : "")
        .append("\n\n");
    setup();
    new Goals(dir, md).write();
    saturation();
    rates();
    streaming();
    ownTime();
    concurrentStreams();
    if (!warnings.isEmpty()) {
      md.append("### Warnings\n\n");
      warnings.forEach(w -> md.append("- ").append(w).append('\n'));
      md.append('\n');
    }
    return md.toString();
  }

  private void setup() {
    md.append("| Setup | |\n|---|---|\n");
    row2("Machine", meta.get("machine"));
    row2("JDK", meta.get("jdk"));
    row2("Command", code(meta.get("command")));
    row2("Commit", code(meta.get("commit")));
    row2("CPU split", meta.get("pinning"));
    row2("Upstream", meta.get("upstream"));
    row2("Tollgate", meta.get("gateway"));
    row2("nginx", meta.get("nginx"));
    row2("Load", meta.get("load"));
    row2("Tollgate warm-up", meta.get("gateway_warmup"));
    row2("Baseline", meta.get("baseline"));
    row2("Baseline warm-up", meta.get("baseline_warmup"));
    md.append('\n');
  }

  private void row2(String name, String value) {
    if (value != null && !value.isBlank()) {
      md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
  }

  private static String code(String s) {
    return s == null || s.isBlank() ? null : "`" + s + "`";
  }

  // ---- saturation ----

  private void saturation() throws IOException {
    md.append("### Saturation (wrk, closed loop")
        .append(meta.containsKey("sat") ? ", " + meta.get("sat") : "")
        .append(")\n\n");
    List<String> targets = new ArrayList<>(TARGETS);
    targets.add(Saturation.FLOOR);
    targets.add(Saturation.BASELINE);
    Saturation.read(dir, targets).table(md, warnings);
  }

  // ---- Tollgate's own time ----

  private void ownTime() throws IOException {
    List<String> names = new ArrayList<>();
    List<Map<String, String>> runs = new ArrayList<>();
    for (String rate : meta.getOrDefault("rates", "").split(" ")) {
      if (!rate.isBlank()) {
        names.add(rate + " RPS");
        runs.add(file("rate-tollgate-" + rate));
      }
    }
    names.add("streaming (to the end of each stream)");
    runs.add(file("stream-tollgate"));
    OwnTime.table(md, names, runs);
  }

  // ---- fixed rates ----

  private void rates() throws IOException {
    String rates = meta.getOrDefault("rates", "");
    if (rates.isBlank()) {
      return;
    }
    md.append("### Latency at fixed rates (open loop, from intended send time, ms")
        .append(meta.containsKey("rate_load") ? "; " + meta.get("rate_load") : "")
        .append(")\n\n");
    md.append(
        "| RPS | Target | achieved | p50 | p90 | p99 | p99.9 | max | errors | added p50 | added"
            + " p99 | added p99.9 | proxy CPU s / 1k req | other load (cores) |\n");
    md.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String rate : rates.trim().split("[ ,]+")) {
      Map<String, String> direct = file("rate-direct-" + rate);
      for (String target : TARGETS) {
        Map<String, String> r = file("rate-" + target + "-" + rate);
        if (r.isEmpty()) {
          continue;
        }
        md.append("| ").append(rate).append(" | ").append(target).append(" | ");
        md.append(r.getOrDefault("achieved_rps", "—"));
        for (String p : P) {
          md.append(" | ").append(ms(us(r, "latency_" + p + "_us")));
        }
        md.append(" | ").append(ms(us(r, "latency_max_us")));
        md.append(" | ").append(errors(r));
        for (String p : new String[] {"p50", "p99", "p999"}) {
          OptionalDouble a =
              DIRECT.equals(target)
                  ? OptionalDouble.empty()
                  : diffMs(r, direct, "latency_" + p + "_us");
          md.append(" | ").append(a.isPresent() ? signedMs(a.getAsDouble()) : "—");
        }
        md.append(" | ").append(cpuPer1k(r));
        md.append(" | ").append(r.getOrDefault("background_cores", "—"));
        md.append(" |\n");
        check("rate " + rate + " " + target, r, Double.parseDouble(rate));
      }
    }
    md.append('\n');
  }

  private static String errors(Map<String, String> r) {
    long e = (long) (num(r, "errors") + num(r, "incomplete"));
    return Long.toString(e);
  }

  private static String cpuPer1k(Map<String, String> r) {
    if (!r.containsKey("proxy_cpu_s")) {
      return "—";
    }
    double reqs = num(r, "total_completed");
    return reqs > 0 ? String.format(Locale.ROOT, "%.3f", num(r, "proxy_cpu_s") / reqs * 1000) : "—";
  }

  private void check(String what, Map<String, String> r, double offered) {
    if (num(r, "errors") + num(r, "incomplete") > 0) {
      warnings.add(
          what
              + ": "
              + errors(r)
              + " failed or incomplete requests "
              + r.getOrDefault("error_kinds", ""));
    }
    if (offered > 0 && num(r, "achieved_rps") < 0.95 * offered) {
      warnings.add(
          what + ": achieved " + r.get("achieved_rps") + " of " + rps(offered) + " req/s offered");
    }
    double lag = us(r, "send_lag_p99_us");
    if (lag > 1000) {
      warnings.add(
          what
              + ": the generator sent late (send lag p99 "
              + ms(lag)
              + " ms); latencies include it");
    }
    if (num(r, "generator_gc_ms") > 0) {
      warnings.add(what + ": generator GC took " + r.get("generator_gc_ms") + " ms during the run");
    }
  }

  // ---- streaming ----

  private void streaming() throws IOException {
    if (file("stream-direct").isEmpty() && file("stream-tollgate").isEmpty()) {
      return;
    }
    md.append("### Streaming (open loop")
        .append(meta.containsKey("stream_load") ? ", " + meta.get("stream_load") : "")
        .append("; ms)\n\n");
    md.append(
        "| Target | streams/s | TTFT p50 | TTFT p90 | TTFT p99 | TTFT p99.9 | added TTFT p50 | added"
            + " TTFT p99 | gap p50 | gap p99 | gap p99.9 | added gap p99 | chunks/stream | errors |"
            + " proxy CPU s / 1k streams | other load (cores) |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    Map<String, String> direct = file("stream-direct");
    for (String target : TARGETS) {
      Map<String, String> s = file("stream-" + target);
      if (s.isEmpty()) {
        continue;
      }
      md.append("| ").append(target).append(" | ").append(s.getOrDefault("achieved_rps", "—"));
      for (String p : P) {
        md.append(" | ").append(ms(us(s, "ttft_" + p + "_us")));
      }
      for (String p : new String[] {"p50", "p99"}) {
        OptionalDouble a =
            DIRECT.equals(target) ? OptionalDouble.empty() : diffMs(s, direct, "ttft_" + p + "_us");
        md.append(" | ").append(a.isPresent() ? signedMs(a.getAsDouble()) : "—");
      }
      for (String p : new String[] {"p50", "p99", "p999"}) {
        md.append(" | ").append(ms(us(s, "gap_" + p + "_us")));
      }
      OptionalDouble a =
          DIRECT.equals(target) ? OptionalDouble.empty() : diffMs(s, direct, "gap_p99_us");
      md.append(" | ").append(a.isPresent() ? signedMs(a.getAsDouble()) : "—");
      md.append(" | ").append(s.getOrDefault("chunks_per_stream", "—"));
      md.append(" | ").append(errors(s));
      md.append(" | ").append(cpuPer1k(s));
      md.append(" | ").append(s.getOrDefault("background_cores", "—"));
      md.append(" |\n");
      check("streaming " + target, s, num(s, "rate"));
    }
    md.append('\n');
  }

  // ---- concurrent streams ----

  private void concurrentStreams() throws IOException {
    boolean any = false;
    for (String target : TARGETS) {
      any |= !file("streams-" + target).isEmpty();
    }
    if (!any) {
      return;
    }
    md.append("### Concurrent long streams")
        .append(meta.containsKey("streams_load") ? " (" + meta.get("streams_load") + ")" : "")
        .append("\n\n");
    md.append(
        "| Target | streams | open at once | completed | errors | TTFT p50 ms | TTFT p99 ms | gap"
            + " p99 ms | peak RSS during the phase | RSS at start of the phase | peak RSS of the"
            + " whole run |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String target : TARGETS) {
      Map<String, String> s = file("streams-" + target);
      if (s.isEmpty()) {
        continue;
      }
      md.append("| ")
          .append(target)
          .append(" | ")
          .append(s.getOrDefault("count", "—"))
          .append(" | ")
          .append(s.getOrDefault("peak_open_streams", "—"))
          .append(" | ")
          .append(s.getOrDefault("completed", "—"))
          .append(" | ")
          .append(errors(s))
          .append(" | ")
          .append(ms(us(s, "ttft_p50_us")))
          .append(" | ")
          .append(ms(us(s, "ttft_p99_us")))
          .append(" | ")
          .append(ms(us(s, "gap_p99_us")))
          .append(" | ")
          .append(s.containsKey("peak_rss_kb") ? mb((long) num(s, "peak_rss_kb")) + " MB" : "—")
          .append(" | ")
          .append(s.containsKey("start_rss_kb") ? mb((long) num(s, "start_rss_kb")) + " MB" : "—")
          .append(" | ")
          .append(
              s.containsKey("run_peak_rss_kb") ? mb((long) num(s, "run_peak_rss_kb")) + " MB" : "—")
          .append(" |\n");
      if (num(s, "errors") + num(s, "incomplete") > 0) {
        warnings.add(
            "concurrent streams "
                + target
                + ": "
                + errors(s)
                + " failed or incomplete "
                + s.getOrDefault("error_kinds", ""));
      }
    }
    md.append('\n');
  }

  // ---- numbers ----

  static double num(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      return Double.parseDouble(v.replace(",", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A microsecond value, NaN when absent. */
  static double us(Map<String, String> m, String key) {
    String v = m.get(key);
    return v == null ? Double.NaN : num(m, key);
  }

  /** {@code a[key] - b[key]} in milliseconds, when both are present. */
  static OptionalDouble diffMs(Map<String, String> a, Map<String, String> b, String key) {
    double x = us(a, key);
    double y = us(b, key);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((x - y) / 1000.0);
  }

  static boolean clean(Map<String, String> m) {
    return num(m, "errors") + num(m, "incomplete") == 0;
  }

  static String ms(double micros) {
    return Double.isNaN(micros) ? "—" : String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  static String signedMs(double millis) {
    return String.format(Locale.ROOT, "%+.3f", millis);
  }

  static String ratio(OptionalDouble ratio) {
    return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "—";
  }

  static String rps(double r) {
    return String.format(Locale.ROOT, "%,.0f", r);
  }

  static String mb(long kb) {
    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
  }
}
