package io.tollgate.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One request/response in flight: sends, paces or drops the answer, and notices when the client
 * leaves before the response ended. Only ever touched from the request's event loop.
 */
final class Exchange {

  // Pre-encoded header names and values: Netty copies AsciiStrings without re-encoding.
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE =
      HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("retry-after");

  final HttpServerRequest req;
  private final HttpServerResponse resp;
  private final Vertx vertx;
  private final RequestRecorder recorder;
  private final BooleanSupplier serverClosing;
  private long timerId = -1;
  private boolean dropped;
  private boolean gone;

  Exchange(
      HttpServerRequest req,
      Vertx vertx,
      RequestRecorder recorder,
      BooleanSupplier serverClosing,
      String requestId) {
    this.req = req;
    this.resp = req.response();
    this.vertx = vertx;
    this.recorder = recorder;
    this.serverClosing = serverClosing;
    resp.putHeader(REQUEST_ID, requestId);
    resp.closeHandler(v -> onClose());
    // A reset connection surfaces here too; closeHandler already does the bookkeeping.
    resp.exceptionHandler(t -> {});
  }

  private void onClose() {
    boolean early = !resp.ended() && !dropped && !serverClosing.getAsBoolean();
    gone = true;
    if (timerId >= 0) {
      // Stop pacing: the point of the abandoned count is that work stops with the client.
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    if (early) {
      recorder.abandoned();
    }
  }

  /** Runs {@code action} after {@code ms} on this event loop, unless the client left meanwhile. */
  void later(long ms, Runnable action) {
    timerId =
        vertx.setTimer(
            ms,
            id -> {
              timerId = -1;
              if (!gone) {
                action.run();
              }
            });
  }

  void json(int status, Buffer body) {
    if (gone) {
      return;
    }
    resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  void json(int status, String body) {
    json(status, Buffer.buffer(body));
  }

  void error(int status, String body, Integer retryAfterSeconds) {
    if (retryAfterSeconds != null) {
      resp.putHeader(RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    json(status, body);
  }

  /** Closes the connection without answering, like an upstream crash before the response. */
  void dropNow() {
    dropped = true;
    req.connection().close();
  }

  /**
   * Streams SSE events; the last one is {@code [DONE]}. With {@code dropAfter >= 0} and no more
   * than the number of chunks, the connection closes after that many chunks (before {@code
   * [DONE]}).
   */
  void stream(List<String> events, long intervalMs, int dropAfter) {
    if (gone) {
      return;
    }
    resp.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, SSE)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    int chunks = events.size() - 1;
    int limit = dropAfter >= 0 && dropAfter <= chunks ? dropAfter : -1;
    if (intervalMs <= 0) {
      // No pacing: one buffer, one write, one flush — the cheap path the benchmark hits.
      if (limit < 0) {
        resp.end(join(events, events.size()));
      } else {
        dropAfterWriting(join(events, limit));
      }
    } else {
      paced(events, 0, limit, intervalMs);
    }
  }

  private void paced(List<String> events, int next, int limit, long intervalMs) {
    if (next == limit) {
      dropAfterWriting(Buffer.buffer());
    } else if (next == events.size() - 1) {
      resp.end(events.get(next));
    } else {
      resp.write(events.get(next));
      later(intervalMs, () -> paced(events, next + 1, limit, intervalMs));
    }
  }

  private void dropAfterWriting(Buffer partial) {
    dropped = true;
    // Close only once the bytes are on the wire, so the client sees exactly `limit` chunks.
    resp.write(partial).onComplete(ar -> req.connection().close());
  }

  private static Buffer join(List<String> events, int count) {
    int size = 0;
    for (int i = 0; i < count; i++) {
      size += events.get(i).length();
    }
    StringBuilder sb = new StringBuilder(size);
    for (int i = 0; i < count; i++) {
      sb.append(events.get(i));
    }
    return Buffer.buffer(sb.toString());
  }
}
