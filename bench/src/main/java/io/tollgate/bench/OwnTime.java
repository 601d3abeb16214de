package io.tollgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The time requests spent inside Tollgate itself, per request, from its access log: {@code
 * latency_ms − upstream_ms} of every answered request that arrived in a measured window. A
 * black-box difference of percentiles (Tollgate p99 − direct p99) also holds whatever the machine
 * did to the extra hops; this is the part the gateway's own code and event loop are answerable for
 * (from the request's arrival to its last byte sent, minus the answering upstream call).
 */
final class OwnTime {

  private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
  private static final Pattern LATENCY = Pattern.compile("\"latency_ms\":([0-9.]+)");
  private static final Pattern UPSTREAM = Pattern.compile("\"upstream_ms\":([0-9.]+)");

  private OwnTime() {}

  /** {@code own_time_count}, {@code own_time_p50_us} … for the lines of {@code [from, to)}. */
  static Map<String, String> read(Path accessLog, long fromEpochMs, long toEpochMs)
      throws IOException {
    Histogram own = Histograms.micros();
    try (BufferedReader lines = Files.newBufferedReader(accessLog, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("{\"time\":")) {
          continue; // the gateway's other log records share its standard output
        }
        Long at = time(line);
        Double latency = number(LATENCY, line);
        Double upstream = number(UPSTREAM, line);
        if (at == null
            || at < fromEpochMs
            || at >= toEpochMs
            || latency == null
            || upstream == null) {
          continue;
        }
        Histograms.recordNanos(own, Math.round(Math.max(0, latency - upstream) * 1_000_000));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    Histograms.put(out, "own_time", own);
    return out;
  }

  private static Long time(String line) {
    Matcher m = TIME.matcher(line);
    if (!m.find()) {
      return null;
    }
    try {
      return Instant.parse(m.group(1)).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Double number(Pattern field, String line) {
    Matcher m = field.matcher(line);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  /**
   * The table of Tollgate's own time, one row per run that has it ({@code names[i]} of runs[i]).
   */
  static void table(StringBuilder md, List<String> names, List<Map<String, String>> runs) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      Map<String, String> run = runs.get(i);
      if (Report.num(run, "own_time_count") == 0) {
        continue;
      }
      rows.append("| ").append(names.get(i)).append(" | ").append(run.get("own_time_count"));
      for (String p : Histograms.PERCENTILE_KEYS) {
        rows.append(" | ").append(Report.ms(Report.us(run, "own_time_" + p + "_us")));
      }
      rows.append(" | ").append(Report.ms(Report.us(run, "own_time_max_us"))).append(" |\n");
    }
    if (rows.isEmpty()) {
      return;
    }
    md.append(
        "### Time inside Tollgate (its access log: latency_ms − upstream_ms of each answered"
            + " request in the measured window; ms)\n\n");
    md.append(
        "| Run | requests | p50 | p90 | p99 | p99.9 | max |\n|---|--:|--:|--:|--:|--:|--:|\n");
    md.append(rows).append('\n');
  }
}
