package io.tollgate.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Timing of streamed completions: time to first token (first data event, measured from the intended
 * send time), the gap between consecutive data events of a stream, and the time to the end of the
 * stream. {@code [DONE]} ends a stream; it is not a chunk. Only touched from one thread.
 */
public final class StreamStats {

  private final long measureStartNanos;
  private final Histogram ttft = Histograms.micros();
  private final Histogram gap = Histograms.micros();
  private final Histogram total = Histograms.micros();
  private long started;
  private long completed;
  private long errors;
  private long chunks;
  private long warmupCompleted;
  private int open;
  private int peakOpen;
  private long lastCompletionNanos = Long.MIN_VALUE;
  private final Map<String, Long> errorKinds = new TreeMap<>();

  public StreamStats(long measureStartNanos) {
    this.measureStartNanos = measureStartNanos;
  }

  /** Starts timing one stream, meant to be sent at {@code intendedNanos}. */
  public Stream start(long intendedNanos) {
    return new Stream(intendedNanos, intendedNanos >= measureStartNanos);
  }

  /** One stream: feed it events (it is an {@link SseScanner.Listener}), then end it. */
  public final class Stream implements SseScanner.Listener {
    private final long intendedNanos;
    private final boolean measured;
    private long lastEventNanos = Long.MIN_VALUE;
    private boolean done;
    private boolean finished;
    private boolean isOpen;

    private Stream(long intendedNanos, boolean measured) {
      this.intendedNanos = intendedNanos;
      this.measured = measured;
      if (measured) {
        started++;
      }
    }

    /** The response headers arrived with a success status: the stream is open. */
    public void opened() {
      if (!isOpen && !finished) {
        isOpen = true;
        open++;
        peakOpen = Math.max(peakOpen, open);
      }
    }

    @Override
    public void onEvent(long arrivalNanos, boolean isDone) {
      if (finished || done) {
        return;
      }
      if (isDone) {
        done = true;
        return;
      }
      if (measured) {
        chunks++;
        if (lastEventNanos == Long.MIN_VALUE) {
          Histograms.recordNanos(ttft, arrivalNanos - intendedNanos);
        } else {
          Histograms.recordNanos(gap, arrivalNanos - lastEventNanos);
        }
      }
      lastEventNanos = arrivalNanos;
    }

    /** The response ended; a stream without {@code [DONE]} counts as an error. */
    public void ended(long nowNanos) {
      if (!done) {
        fail(nowNanos, "truncated");
        return;
      }
      if (finish(nowNanos) && measured) {
        completed++;
        Histograms.recordNanos(total, nowNanos - intendedNanos);
      }
    }

    /** The request or the response failed. */
    public void fail(long nowNanos, String kind) {
      if (finish(nowNanos) && measured) {
        errors++;
        errorKinds.merge(kind, 1L, Long::sum);
      }
    }

    private boolean finish(long nowNanos) {
      if (finished) {
        return false;
      }
      finished = true;
      if (isOpen) {
        open--;
      }
      if (!measured) {
        warmupCompleted++;
      } else {
        lastCompletionNanos = Math.max(lastCompletionNanos, nowNanos);
      }
      return true;
    }
  }

  public Histogram ttft() {
    return ttft;
  }

  public Histogram gap() {
    return gap;
  }

  public long completed() {
    return completed;
  }

  public long errors() {
    return errors;
  }

  public long chunks() {
    return chunks;
  }

  public int peakOpen() {
    return peakOpen;
  }

  public void putInto(Map<String, String> out) {
    out.put("streams_started", Long.toString(started));
    out.put("completed", Long.toString(completed));
    out.put("errors", Long.toString(errors));
    out.put("warmup_completed", Long.toString(warmupCompleted));
    out.put("peak_open_streams", Integer.toString(peakOpen));
    out.put(
        "chunks_per_stream",
        String.format(Locale.ROOT, "%.2f", started == 0 ? 0.0 : (double) chunks / started));
    double seconds =
        lastCompletionNanos <= measureStartNanos
            ? 0
            : (lastCompletionNanos - measureStartNanos) / 1e9;
    out.put(
        "achieved_rps", String.format(Locale.ROOT, "%.1f", seconds == 0 ? 0 : completed / seconds));
    if (!errorKinds.isEmpty()) {
      out.put("error_kinds", errorKinds.toString());
    }
    Histograms.put(out, "ttft", ttft);
    Histograms.put(out, "gap", gap);
    Histograms.put(out, "stream", total);
  }
}
