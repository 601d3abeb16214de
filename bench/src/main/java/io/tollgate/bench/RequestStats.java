package io.tollgate.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Outcome of the requests of one fixed-rate run. Requests are sorted into warm-up and measurement
 * by their <em>intended</em> send time; latency is completion minus intended send time. Only
 * touched from one thread (the generator's event loop).
 */
public final class RequestStats {

  private final long measureStartNanos;
  private final Histogram latency = Histograms.micros();
  private final Histogram uncorrected = Histograms.micros();
  private final Histogram sendLag = Histograms.micros();
  private long warmupCompleted;
  private long completed;
  private long errors;
  private long responseBytes;
  private long lastCompletionNanos = Long.MIN_VALUE;
  private final Map<String, Long> errorKinds = new TreeMap<>();

  public RequestStats(long measureStartNanos) {
    this.measureStartNanos = measureStartNanos;
  }

  /** Whether a request intended at this time counts (as opposed to warm-up). */
  public boolean measured(long intendedNanos) {
    return intendedNanos >= measureStartNanos;
  }

  /** The request left the generator at {@code sentNanos}. */
  public void sent(long intendedNanos, long sentNanos) {
    if (measured(intendedNanos)) {
      Histograms.recordNanos(sendLag, sentNanos - intendedNanos);
    }
  }

  /** A successful response, complete at {@code doneNanos}. */
  public void success(long intendedNanos, long sentNanos, long doneNanos, long bytes) {
    if (!measured(intendedNanos)) {
      warmupCompleted++;
      return;
    }
    completed++;
    responseBytes += bytes;
    Histograms.recordNanos(latency, doneNanos - intendedNanos);
    Histograms.recordNanos(uncorrected, doneNanos - sentNanos);
    lastCompletionNanos = Math.max(lastCompletionNanos, doneNanos);
  }

  /** A failed request: an error status, a connection error or a timeout. */
  public void failure(long intendedNanos, long doneNanos, String kind) {
    if (!measured(intendedNanos)) {
      warmupCompleted++;
      return;
    }
    errors++;
    errorKinds.merge(kind, 1L, Long::sum);
    lastCompletionNanos = Math.max(lastCompletionNanos, doneNanos);
  }

  public Histogram latency() {
    return latency;
  }

  public Histogram uncorrected() {
    return uncorrected;
  }

  public long completed() {
    return completed;
  }

  public long errors() {
    return errors;
  }

  public long warmupCompleted() {
    return warmupCompleted;
  }

  /**
   * Responses per second over the measured window: from its start to the last completion (so a
   * target that falls behind the offered rate shows a lower figure). Zero when nothing completed.
   */
  public double achievedRate() {
    if (completed == 0 || lastCompletionNanos <= measureStartNanos) {
      return 0;
    }
    return completed / ((lastCompletionNanos - measureStartNanos) / 1e9);
  }

  /** Adds the results to {@code out} (see {@link Histograms#put}). */
  public void putInto(Map<String, String> out) {
    out.put("completed", Long.toString(completed));
    out.put("errors", Long.toString(errors));
    out.put("warmup_completed", Long.toString(warmupCompleted));
    out.put("achieved_rps", String.format(java.util.Locale.ROOT, "%.1f", achievedRate()));
    out.put("mean_response_bytes", completed == 0 ? "0" : Long.toString(responseBytes / completed));
    if (!errorKinds.isEmpty()) {
      out.put("error_kinds", errorKinds.toString());
    }
    Histograms.put(out, "latency", latency);
    Histograms.put(out, "uncorrected", uncorrected);
    Histograms.put(out, "send_lag", sendLag);
  }
}
