package io.tollgate.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one target over HTTP/1.1 keep-alive connections with Vert.x's client: requests are paced
 * by a {@link Pacer} thread and sent and timed on a single event loop, which owns all statistics.
 */
public final class LoadGenerator implements AutoCloseable {

  /** What to measure. */
  public enum Mode {
    /** Non-streamed chat completions at a constant rate: latency percentiles. */
    RATE,
    /** Streamed chat completions at a constant rate: time to first token and chunk gaps. */
    STREAM,
    /** A fixed number of streams opened at a ramp rate and held until they end (memory). */
    STREAMS
  }

  /** The run's parameters; times in seconds. */
  public record Options(
      Mode mode,
      String url,
      Map<String, String> headers,
      String body,
      double rate,
      double warmupSeconds,
      double durationSeconds,
      int connections,
      int count,
      double timeoutSeconds,
      double drainSeconds) {}

  private final Options options;
  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final RequestOptions request;
  private final Buffer body;
  private final AtomicLong inflight = new AtomicLong();

  public LoadGenerator(Options options) {
    this.options = options;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    this.context = vertx.getOrCreateContext();
    int connections =
        options.mode() == Mode.STREAMS
            ? Math.max(options.connections(), options.count())
            : options.connections();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) (options.timeoutSeconds() * 1000)),
            new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions r =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(options.url())
            .setIdleTimeout((long) (options.timeoutSeconds() * 1000))
            .putHeader("content-type", "application/json")
            .putHeader(
                "accept", options.mode() == Mode.RATE ? "application/json" : "text/event-stream");
    options.headers().forEach(r::putHeader);
    this.request = r;
    this.body = Buffer.buffer(options.body());
  }

  /** Runs to completion and returns the results as ordered key/value pairs. */
  public Map<String, String> run() throws Exception {
    long gcBefore = gcMillis();
    long epochMillisAtNano0 = System.currentTimeMillis();
    long nano0 = System.nanoTime();
    long start = nano0 + TimeUnit.MILLISECONDS.toNanos(200);
    long measureStart =
        options.mode() == Mode.STREAMS ? start : start + seconds(options.warmupSeconds());
    long end =
        options.mode() == Mode.STREAMS
            ? Long.MAX_VALUE
            : measureStart + seconds(options.durationSeconds());
    long max = options.mode() == Mode.STREAMS ? options.count() : Long.MAX_VALUE;
    RequestStats requests = new RequestStats(measureStart);
    StreamStats streams = new StreamStats(measureStart);
    RateSchedule schedule = new RateSchedule(start, options.rate());
    Pacer pacer =
        new Pacer(
            schedule,
            end,
            max,
            NanoClock.SYSTEM,
            (index, intended) -> {
              inflight.incrementAndGet();
              context.runOnContext(
                  v -> {
                    if (options.mode() == Mode.RATE) {
                      sendRequest(intended, requests);
                    } else {
                      sendStream(intended, streams);
                    }
                  });
            });
    Thread pacing = new Thread(pacer, "bench-pacer");
    pacing.setPriority(Thread.MAX_PRIORITY);
    pacing.start();
    pacing.join();
    long sentAll = System.nanoTime();
    long drainNanos =
        options.mode() == Mode.STREAMS
            ? seconds(options.timeoutSeconds() + options.drainSeconds())
            : seconds(options.drainSeconds());
    while (inflight.get() > 0 && System.nanoTime() - sentAll < drainNanos) {
      Thread.sleep(5);
    }
    long gcAfter = gcMillis();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
    out.put("url", options.url());
    out.put("rate", fmt(options.rate()));
    out.put("connections", Integer.toString(options.connections()));
    out.put("warmup_s", fmt(options.warmupSeconds()));
    out.put("duration_s", fmt(options.durationSeconds()));
    if (options.mode() == Mode.STREAMS) {
      out.put("count", Integer.toString(options.count()));
    }
    out.put("sent_total", Long.toString(pacer.dispatched()));
    // The measured window in wall-clock time, to find the target's own records of it (its log).
    out.put(
        "window_start_epoch_ms",
        Long.toString(epochMillisAtNano0 + (measureStart - nano0) / 1_000_000));
    if (end != Long.MAX_VALUE) {
      out.put("window_end_epoch_ms", Long.toString(epochMillisAtNano0 + (end - nano0) / 1_000_000));
    }
    onContext(
        () -> {
          out.put("incomplete", Long.toString(inflight.get()));
          if (options.mode() == Mode.RATE) {
            requests.putInto(out);
            out.put(
                "total_completed",
                Long.toString(
                    requests.completed() + requests.warmupCompleted() + requests.errors()));
          } else {
            streams.putInto(out);
            out.put(
                "total_completed",
                Long.toString(
                    Long.parseLong(out.get("completed"))
                        + Long.parseLong(out.get("warmup_completed"))
                        + Long.parseLong(out.get("errors"))));
            if (options.mode() == Mode.STREAM) {
              // Streams outlast the window; in steady state as many complete as start in it.
              out.put(
                  "achieved_rps",
                  String.format(
                      Locale.ROOT, "%.1f", streams.completed() / options.durationSeconds()));
            }
          }
        });
    out.put("generator_gc_ms", Long.toString(gcAfter - gcBefore));
    return out;
  }

  private void sendRequest(long intended, RequestStats stats) {
    long sent = System.nanoTime();
    stats.sent(intended, sent);
    client
        .request(request)
        .compose(req -> req.send(body))
        .compose(
            resp ->
                resp.body()
                    .map(
                        b -> {
                          if (resp.statusCode() / 100 != 2) {
                            throw new StatusException(resp.statusCode());
                          }
                          return b.length();
                        }))
        .onComplete(
            ar -> {
              long now = System.nanoTime();
              if (ar.succeeded()) {
                stats.success(intended, sent, now, ar.result());
              } else {
                stats.failure(intended, now, kind(ar.cause()));
              }
              inflight.decrementAndGet();
            });
  }

  private void sendStream(long intended, StreamStats stats) {
    StreamStats.Stream stream = stats.start(intended);
    boolean[] released = {false};
    Runnable release =
        () -> {
          if (!released[0]) {
            released[0] = true;
            inflight.decrementAndGet();
          }
        };
    client
        .request(request)
        .compose(req -> req.send(body))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                stream.fail(System.nanoTime(), kind(ar.cause()));
                release.run();
                return;
              }
              HttpClientResponse resp = ar.result();
              if (resp.statusCode() != 200) {
                resp.body()
                    .onComplete(
                        b -> {
                          stream.fail(System.nanoTime(), "status " + resp.statusCode());
                          release.run();
                        });
                return;
              }
              stream.opened();
              SseScanner scanner = new SseScanner(stream);
              resp.handler(
                  buf -> {
                    long now = System.nanoTime();
                    byte[] bytes = buf.getBytes();
                    scanner.feed(bytes, 0, bytes.length, now);
                  });
              resp.exceptionHandler(
                  err -> {
                    stream.fail(System.nanoTime(), kind(err));
                    release.run();
                  });
              resp.endHandler(
                  v -> {
                    stream.ended(System.nanoTime());
                    release.run();
                  });
            });
  }

  private void onContext(Runnable task) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            task.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    done.get(30, TimeUnit.SECONDS);
  }

  static String kind(Throwable t) {
    if (t instanceof StatusException s) {
      return "status " + s.status;
    }
    String name = t.getClass().getSimpleName();
    return name.isEmpty() ? "error" : name;
  }

  private static final class StatusException extends RuntimeException {
    final int status;

    StatusException(int status) {
      super("status " + status, null, false, false);
      this.status = status;
    }
  }

  private static long seconds(double s) {
    return (long) (s * 1e9);
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  @Override
  public void close() {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
