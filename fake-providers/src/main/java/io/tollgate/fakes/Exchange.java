package io.tollgate.fakes;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
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

  /** Adds a response header; only before the response starts. */
  void header(CharSequence name, CharSequence value) {
    resp.putHeader(name, value);
  }

  void error(Knobs.Failure failure) {
    failure.headers().forEach(resp::putHeader);
    error(failure.status(), failure.body(), failure.retryAfterSeconds());
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
    hangUp();
  }

  /**
   * Ends this exchange abruptly: on HTTP/2 a stream reset (other streams on the connection live on,
   * as with a real upstream), on HTTP/1.1 a closed connection.
   */
  private void hangUp() {
    if (req.version() == HttpVersion.HTTP_2) {
      resp.reset();
    } else {
      req.connection().close();
    }
  }

  /**
   * Streams pre-encoded frames (event-stream messages, or SSE events whose last one ends the
   * stream) with the given content type. With {@code dropAfter >= 0} and less than the number of
   * frames, the exchange is cut after that many frames.
   */
  void streamFrames(List<Buffer> frames, CharSequence contentType, long intervalMs, int dropAfter) {
    if (gone) {
      return;
    }
    resp.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    int limit = dropAfter >= 0 && dropAfter < frames.size() ? dropAfter : -1;
    if (intervalMs <= 0) {
      Buffer all = Buffer.buffer();
      int count = limit < 0 ? frames.size() : limit;
      for (int i = 0; i < count; i++) {
        all.appendBuffer(frames.get(i));
      }
      if (limit < 0) {
        resp.end(all);
      } else {
        dropAfterWriting(all);
      }
    } else {
      pacedFrames(frames, 0, limit, intervalMs);
    }
  }

  private void pacedFrames(List<Buffer> frames, int next, int limit, long intervalMs) {
    if (next == limit) {
      dropAfterWriting(Buffer.buffer());
    } else if (next == frames.size() - 1) {
      resp.end(frames.get(next));
    } else {
      resp.write(frames.get(next));
      later(intervalMs, () -> pacedFrames(frames, next + 1, limit, intervalMs));
    }
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
    resp.write(partial).onComplete(ar -> hangUp());
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
