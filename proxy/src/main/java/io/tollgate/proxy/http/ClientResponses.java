package io.tollgate.proxy.http;

import io.tollgate.proxy.observe.RequestRecorder;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/** Ends a client request with an error in the client's schema, and records the outcome once. */
@Singleton
public class ClientResponses {

  private final RequestRecorder recorder;

  public ClientResponses(RequestRecorder recorder) {
    this.recorder = recorder;
  }

  public void error(RoutingContext ctx, GatewayError error) {
    Exchange exchange = ctx.get(Exchange.KEY);
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (error.retryAfterSeconds() != null) {
      ctx.response().putHeader("retry-after", Long.toString(error.retryAfterSeconds()));
    }
    ClientSchema.of(ctx).writeError(ctx.response(), error);
    if (exchange != null) {
      // What the client saw: a schema may answer with its own status (Anthropic's 529).
      exchange.status = ctx.response().getStatusCode();
      exchange.errorCode = error.code();
      recorder.finish(exchange);
    }
  }
}
