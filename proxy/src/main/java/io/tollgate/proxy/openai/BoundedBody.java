package io.tollgate.proxy.openai;

import io.tollgate.proxy.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/** Collects an upstream response body, giving up (and closing the stream) past a size limit. */
final class BoundedBody {

  /** The body passed the limit. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException() {
      super("upstream response too large", null, false, false);
    }
  }

  private BoundedBody() {}

  /**
   * The whole body, calling {@code onChunk} (when not null) as data arrives and {@code cancel} to
   * stop the upstream once the body passed {@code limit}.
   */
  static Future<Buffer> collect(
      UpstreamResponse response, long limit, Runnable onChunk, Runnable cancel) {
    Collector collector = new Collector(response.header("content-length"), limit, cancel);
    response.handler(
        chunk -> {
          if (onChunk != null) {
            onChunk.run();
          }
          collector.add(chunk);
        });
    response.exceptionHandler(collector.promise::tryFail);
    response.endHandler(v -> collector.promise.tryComplete(collector.body()));
    return collector.promise.future();
  }

  /**
   * The chunks so far. A body that comes in one chunk (most non-streamed answers) is that chunk,
   * not a copy of it; a second chunk starts a buffer both are copied into.
   */
  private static final class Collector {
    final Promise<Buffer> promise = Promise.promise();
    private final String contentLength;
    private final long limit;
    private final Runnable cancel;
    private Buffer first;
    private Buffer joined;
    private long length;

    Collector(String contentLength, long limit, Runnable cancel) {
      this.contentLength = contentLength;
      this.limit = limit;
      this.cancel = cancel;
    }

    void add(Buffer chunk) {
      if (promise.future().isComplete()) {
        return;
      }
      if (length + chunk.length() > limit) {
        if (promise.tryFail(new TooLargeException())) {
          cancel.run();
        }
        return;
      }
      length += chunk.length();
      if (first == null) {
        first = chunk;
        return;
      }
      if (joined == null) {
        joined = Buffer.buffer(initialSize(contentLength, limit)).appendBuffer(first);
      }
      joined.appendBuffer(chunk);
    }

    Buffer body() {
      return joined != null ? joined : first != null ? first : Buffer.buffer();
    }
  }

  private static int initialSize(String contentLength, long limit) {
    if (contentLength != null) {
      try {
        return (int) Math.min(Long.parseLong(contentLength), Math.min(limit, 1 << 20));
      } catch (NumberFormatException e) {
        // fall through to the default
      }
    }
    return 4096;
  }
}
