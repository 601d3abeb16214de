package io.tollgate.bench;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** HdrHistogram helpers: one unit (microseconds) and one set of reported percentiles. */
public final class Histograms {

  /** Largest value recorded exactly: 5 minutes, in microseconds; larger values are clamped. */
  public static final long HIGHEST_MICROS = 300_000_000L;

  static final double[] PERCENTILES = {50, 90, 99, 99.9};
  static final String[] PERCENTILE_KEYS = {"p50", "p90", "p99", "p999"};

  private Histograms() {}

  /** A histogram of microseconds with 3 significant digits. */
  public static Histogram micros() {
    return new Histogram(1, HIGHEST_MICROS, 3);
  }

  /** Records a duration given in nanoseconds, rounded up to whole microseconds. */
  public static void recordNanos(Histogram h, long nanos) {
    long micros = Math.max(1, (nanos + 999) / 1000);
    h.recordValue(Math.min(micros, HIGHEST_MICROS));
  }

  /**
   * Adds {@code prefix_count}, {@code prefix_p50_us} … {@code prefix_p999_us}, {@code
   * prefix_max_us} and {@code prefix_mean_us} to {@code out}.
   */
  public static void put(Map<String, String> out, String prefix, Histogram h) {
    out.put(prefix + "_count", Long.toString(h.getTotalCount()));
    if (h.getTotalCount() == 0) {
      return;
    }
    for (int i = 0; i < PERCENTILES.length; i++) {
      out.put(
          prefix + "_" + PERCENTILE_KEYS[i] + "_us",
          Long.toString(h.getValueAtPercentile(PERCENTILES[i])));
    }
    out.put(prefix + "_max_us", Long.toString(h.getMaxValue()));
    out.put(prefix + "_mean_us", String.format(Locale.ROOT, "%.1f", h.getMean()));
  }
}
