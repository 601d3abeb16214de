package io.tollgate.proxy.http;

import io.tollgate.proxy.observe.RequestRecorder;
import io.tollgate.proxy.openai.OpenAiErrors;
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
    ctx.response().setStatusCode(error.status()).putHeader("content-type", "application/json");
    if (error.retryAfterSeconds() != null) {
      ctx.response().putHeader("retry-after", Long.toString(error.retryAfterSeconds()));
    }
    ctx.response().end(OpenAiErrors.body(error));
    if (exchange != null) {
      exchange.status = error.status();
      exchange.errorCode = error.code();
      recorder.finish(exchange);
    }
  }
}
