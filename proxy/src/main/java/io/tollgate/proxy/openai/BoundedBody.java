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
    Promise<Buffer> promise = Promise.promise();
    String length = response.header("content-length");
    Buffer body = Buffer.buffer(initialSize(length, limit));
    response.handler(
        chunk -> {
          if (onChunk != null) {
            onChunk.run();
          }
          if (body.length() + chunk.length() > limit) {
            if (promise.tryFail(new TooLargeException())) {
              cancel.run();
            }
            return;
          }
          body.appendBuffer(chunk);
        });
    response.exceptionHandler(promise::tryFail);
    response.endHandler(v -> promise.tryComplete(body));
    return promise.future();
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
