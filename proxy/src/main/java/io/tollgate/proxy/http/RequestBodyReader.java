package io.tollgate.proxy.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory up to a limit, after authentication (Vert.x' own body handler
 * must run first, which would let anyone make the gateway buffer large bodies). The request is
 * paused when routing starts, so no byte is lost in between.
 */
public final class RequestBodyReader implements Handler<RoutingContext> {

  /** Key under which the body is stored in the routing context. */
  static final String BODY = "tollgate.body";

  private final long limit;
  private final ClientResponses responses;

  RequestBodyReader(long limit, ClientResponses responses) {
    this.limit = limit;
    this.responses = responses;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long declared = declaredLength(request);
    if (declared > limit) {
      tooLarge(ctx);
      return;
    }
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
    request.handler(
        chunk -> {
          if (ctx.response().ended()) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            tooLarge(ctx);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!ctx.response().ended()) {
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    request.exceptionHandler(ctx::fail);
    request.resume();
  }

  private void tooLarge(RoutingContext ctx) {
    // Close after answering: the rest of the body is not worth reading.
    ctx.response().putHeader("connection", "close");
    responses.error(ctx, GatewayError.tooLarge(limit));
  }

  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader("content-length");
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static Buffer body(RoutingContext ctx) {
    return ctx.get(BODY);
  }
}
