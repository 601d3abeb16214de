package io.tollgate.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * An upstream response as the attempt loop reads it: the status and headers, then the body as a
 * stream of buffers with flow control. Handlers are called on the request's event loop.
 */
public interface UpstreamResponse {

  int status();

  /** A response header (case-insensitive name), or null. */
  String header(String name);

  UpstreamResponse handler(Handler<Buffer> handler);

  UpstreamResponse exceptionHandler(Handler<Throwable> handler);

  UpstreamResponse endHandler(Handler<Void> handler);

  /** Stops delivering body buffers (and reading upstream) until {@link #resume()}. */
  UpstreamResponse pause();

  UpstreamResponse resume();
}
