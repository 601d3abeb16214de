package io.tollgate.proxy.openai;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** Collects an upstream response body, giving up (and closing the stream) past a size limit. */
final class BoundedBody {

  /** The body passed the limit. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException() {
      super("upstream response too large", null, false, false);
    }
  }

  private BoundedBody() {}

  static Future<Buffer> collect(HttpClientResponse response, long limit) {
    return collect(response, limit, null);
  }

  /** As {@link #collect(HttpClientResponse, long)}, calling {@code onChunk} as data arrives. */
  static Future<Buffer> collect(HttpClientResponse response, long limit, Runnable onChunk) {
    Promise<Buffer> promise = Promise.promise();
    String length = response.getHeader("content-length");
    Buffer body = Buffer.buffer(initialSize(length, limit));
    response.handler(
        chunk -> {
          if (onChunk != null) {
            onChunk.run();
          }
          if (body.length() + chunk.length() > limit) {
            if (promise.tryFail(new TooLargeException())) {
              response.request().reset();
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
