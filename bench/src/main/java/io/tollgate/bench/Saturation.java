package io.tollgate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The saturation runs of a results directory. {@code bench/run.sh} measures them in rounds, each
 * round running every target once ({@code sat-<target>-<round>.properties}), so that a slow spell
 * of a shared machine lands on all targets of a round rather than on one target. A target's
 * throughput is the median of its rounds, a ratio between targets the median of the per-round
 * ratios; CPU and requests are summed over all rounds. A single {@code sat-<target>.properties}
 * reads as one round.
 */
final class Saturation {

  /** A second Tollgate, from another build, measured in the same rounds (A/B of a change). */
  static final String BASELINE = "baseline";

  /** The bare Vert.x proxy Tollgate is built on ({@link VertxFloor}), for scale. */
  static final String FLOOR = "floor";

  /** One target's rounds, in order. */
  record Target(String name, List<Map<String, String>> rounds) {

    double medianRps() {
      return median(rounds.stream().mapToDouble(r -> Report.num(r, "rps")).toArray());
    }

    double minRps() {
      return rounds.stream().mapToDouble(r -> Report.num(r, "rps")).min().orElse(0);
    }

    double maxRps() {
      return rounds.stream().mapToDouble(r -> Report.num(r, "rps")).max().orElse(0);
    }

    /** The round whose throughput is the median (the lower one of an even count). */
    Map<String, String> medianRound() {
      List<Map<String, String>> sorted = new ArrayList<>(rounds);
      sorted.sort((a, b) -> Double.compare(Report.num(a, "rps"), Report.num(b, "rps")));
      return sorted.get((sorted.size() - 1) / 2);
    }

    boolean hasProxyCpu() {
      return rounds.stream().allMatch(r -> r.containsKey("proxy_cpu_s"));
    }

    double sum(String key) {
      return rounds.stream().mapToDouble(r -> Report.num(r, key)).sum();
    }

    double max(String key) {
      return rounds.stream().mapToDouble(r -> Report.num(r, key)).max().orElse(0);
    }
  }

  private final Map<String, Target> targets = new LinkedHashMap<>();

  private Saturation() {}

  static Saturation read(Path dir, List<String> names) throws IOException {
    Saturation saturation = new Saturation();
    for (String name : names) {
      List<Map<String, String>> rounds = new ArrayList<>();
      Map<String, String> single = Results.read(dir.resolve("sat-" + name + ".properties"));
      if (!single.isEmpty()) {
        rounds.add(single);
      }
      for (int round = 1; ; round++) {
        Map<String, String> r =
            Results.read(dir.resolve("sat-" + name + "-" + round + ".properties"));
        if (r.isEmpty()) {
          break;
        }
        rounds.add(r);
      }
      if (!rounds.isEmpty()) {
        saturation.targets.put(name, new Target(name, rounds));
      }
    }
    return saturation;
  }

  /** The target's runs, or null when it was not measured. */
  Target target(String name) {
    return targets.get(name);
  }

  /**
   * The median over rounds of {@code a}'s throughput divided by {@code b}'s in the same round, when
   * both were measured.
   */
  OptionalDouble ratio(String a, String b) {
    Target x = targets.get(a);
    Target y = targets.get(b);
    if (x == null || y == null) {
      return OptionalDouble.empty();
    }
    int n = Math.min(x.rounds().size(), y.rounds().size());
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double denominator = Report.num(y.rounds().get(i), "rps");
      if (denominator > 0) {
        ratios.add(Report.num(x.rounds().get(i), "rps") / denominator);
      }
    }
    return ratios.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The saturation table, one row per target; errors of any round become warnings. */
  void table(StringBuilder md, List<String> warnings) {
    md.append(
        "| Target | req/s (median) | rounds (min–max) | × nginx | × direct | proxy CPU (cores busy) |"
            + " proxy CPU s / 1k req | wrk mean latency | errors | other load (cores) |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String target : targets.keySet()) {
      Target s = target(target);
      if (s == null) {
        continue;
      }
      double cpu = s.sum("proxy_cpu_s");
      double seconds = s.sum("duration_s");
      double requests = s.sum("requests");
      md.append("| ")
          .append(target)
          .append(" | ")
          .append(Report.rps(s.medianRps()))
          .append(" | ")
          .append(s.rounds().size())
          .append(" (")
          .append(Report.rps(s.minRps()))
          .append("–")
          .append(Report.rps(s.maxRps()))
          .append(") | ")
          .append(Report.ratio(ratio(target, Report.NGINX)))
          .append(" | ")
          .append(Report.ratio(ratio(target, Report.DIRECT)))
          .append(" | ")
          .append(
              s.hasProxyCpu() && seconds > 0
                  ? String.format(Locale.ROOT, "%.2f", cpu / seconds)
                  : "—")
          .append(" | ")
          .append(
              s.hasProxyCpu() && requests > 0
                  ? String.format(Locale.ROOT, "%.3f", cpu / requests * 1000)
                  : "—")
          .append(" | ")
          .append(s.medianRound().getOrDefault("latency_avg", "—"))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.0f", s.sum("errors")))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.3f", s.max("background_cores")))
          .append(" |\n");
      for (Map<String, String> round : s.rounds()) {
        if (Report.num(round, "errors") > 0) {
          warnings.add(
              "saturation "
                  + target
                  + ": "
                  + round.get("errors")
                  + " errors ("
                  + round.get("error_detail")
                  + ")");
        }
      }
    }
    md.append('\n');
    Target floor = target(FLOOR);
    Target tollgate = target(Report.TOLLGATE);
    if (floor != null && tollgate != null && floor.hasProxyCpu() && tollgate.hasProxyCpu()) {
      md.append(
          String.format(
              Locale.ROOT,
              "floor: the same Vert.x server and client as Tollgate, one event loop, forwarding only"
                  + " (no Quarkus, routing, auth, limits, metrics or log). Tollgate spends %.2f× its CPU"
                  + " per request.%n%n",
              cpuPerRequest(tollgate) / cpuPerRequest(floor)));
    }
    OptionalDouble vsBaseline = ratio(Report.TOLLGATE, BASELINE);
    if (vsBaseline.isPresent()) {
      md.append(
          String.format(
              Locale.ROOT,
              "Tollgate ÷ baseline (another build on the same core, `--baseline`): %.3f× the"
                  + " throughput (median of per-round ratios); %.3f× the CPU per request.%n%n",
              vsBaseline.getAsDouble(),
              cpuPerRequest(tollgate) / cpuPerRequest(target(BASELINE))));
    }
  }

  private static double cpuPerRequest(Target target) {
    return target.sum("proxy_cpu_s") / Math.max(1, target.sum("requests"));
  }
}
