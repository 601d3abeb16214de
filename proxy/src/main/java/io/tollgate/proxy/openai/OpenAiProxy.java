package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.http.ClientResponses;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.http.RequestBodyReader;
import io.tollgate.proxy.observe.RequestRecorder;
import io.tollgate.proxy.upstream.BackendSelector;
import io.tollgate.proxy.upstream.UpstreamClient;
import io.tollgate.proxy.upstream.UpstreamErrors;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * OpenAI-schema client to OpenAI-schema backend: the request body goes upstream as it came (only
 * {@code model}, and for streams {@code stream_options}, are rewritten), responses come back as
 * they are, and the usage they report is recorded.
 */
@ApplicationScoped
public class OpenAiProxy {

  private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final UpstreamClient upstream;
  private final BackendSelector selector;
  private final ClientResponses responses;
  private final RequestRecorder recorder;
  private final long maxResponseBytes;

  public OpenAiProxy(
      UpstreamClient upstream,
      BackendSelector selector,
      ClientResponses responses,
      RequestRecorder recorder,
      GatewayConfig config) {
    this.upstream = upstream;
    this.selector = selector;
    this.responses = responses;
    this.recorder = recorder;
    this.maxResponseBytes = config.upstream().maxResponseBytes();
  }

  public void handle(RoutingContext ctx, OpenAiOperation operation) {
    Exchange exchange = ctx.get(Exchange.KEY);
    OpenAiRequest request;
    try {
      request = OpenAiRequest.parse(RequestBodyReader.body(ctx));
    } catch (InvalidRequestException e) {
      responses.error(ctx, GatewayError.badRequest(e.getMessage(), e.param(), e.code()));
      return;
    }
    exchange.model = request.model();
    boolean stream = operation == OpenAiOperation.CHAT_COMPLETIONS && request.stream();
    exchange.stream = stream;
    Route route = exchange.snapshot.snapshot().route(request.model());
    if (route == null) {
      responses.error(ctx, GatewayError.modelNotFound(request.model()));
      return;
    }
    if (!exchange.key.mayUse(route.model())) {
      responses.error(ctx, GatewayError.modelNotAllowed(request.model()));
      return;
    }
    List<UpstreamTarget> targets = exchange.snapshot.targets(route.model());
    UpstreamTarget target = selector.select(targets);
    exchange.backend = target.backend().name();
    Buffer body = request.upstreamBody(target.backend().upstreamModel(), stream);

    HttpServerResponse client = ctx.response();
    client.closeHandler(
        v -> {
          if (!client.ended()) {
            exchange.clientGone = true;
            exchange.cancelUpstream();
            exchange.status = 499;
            exchange.errorCode = "client_closed_request";
            recorder.finish(exchange);
          }
        });
    upstream
        .post(target, operation.upstreamPath(), exchange.requestId, stream)
        .onSuccess(
            upstreamRequest -> {
              if (exchange.clientGone) {
                upstreamRequest.reset();
                return;
              }
              exchange.upstreamRequest = upstreamRequest;
              upstreamRequest
                  .send(body)
                  .onSuccess(response -> onResponse(ctx, exchange, target, request, response))
                  .onFailure(failure -> onFailure(ctx, exchange, target, failure));
            })
        .onFailure(failure -> onFailure(ctx, exchange, target, failure));
  }

  private void onResponse(
      RoutingContext ctx,
      Exchange exchange,
      UpstreamTarget target,
      OpenAiRequest request,
      HttpClientResponse response) {
    if (exchange.clientGone) {
      return;
    }
    exchange.firstByteNanos = System.nanoTime();
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (exchange.stream && isEventStream(response)) {
        relayStream(ctx, exchange, request, response);
      } else {
        relayBody(ctx, exchange, target, response);
      }
      return;
    }
    String retryAfter = response.getHeader("retry-after");
    BoundedBody.collect(response, MAX_ERROR_BODY_BYTES)
        .onComplete(
            collected -> {
              Buffer errorBody = collected.succeeded() ? collected.result() : null;
              responses.error(
                  ctx,
                  UpstreamErrors.fromResponse(
                      target, exchange.model, status, errorBody, retryAfter));
            });
  }

  private void relayBody(
      RoutingContext ctx, Exchange exchange, UpstreamTarget target, HttpClientResponse response) {
    BoundedBody.collect(response, maxResponseBytes)
        .onSuccess(
            body -> {
              exchange.usage = OpenAiResponses.usage(body);
              exchange.status = 200;
              ctx.response()
                  .setStatusCode(200)
                  .putHeader("content-type", "application/json")
                  .end(body);
              recorder.finish(exchange);
            })
        .onFailure(
            failure ->
                responses.error(
                    ctx,
                    failure instanceof BoundedBody.TooLargeException
                        ? UpstreamErrors.tooLarge(target, exchange.model, maxResponseBytes)
                        : UpstreamErrors.fromFailure(target, exchange.model, failure)));
  }

  private void relayStream(
      RoutingContext ctx, Exchange exchange, OpenAiRequest request, HttpClientResponse response) {
    HttpServerResponse client = ctx.response();
    StreamingUsageFilter filter = new StreamingUsageFilter(request.includeUsage());
    exchange.status = 200;
    client
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    response.handler(
        chunk -> {
          Buffer out = filter.accept(chunk);
          if (out.length() > 0) {
            client.write(out);
            if (client.writeQueueFull()) {
              // A slow client slows the upstream read instead of growing a buffer without bound.
              response.pause();
              client.drainHandler(v -> response.resume());
            }
          }
        });
    response.exceptionHandler(
        failure -> {
          if (client.ended() || exchange.clientGone) {
            return;
          }
          exchange.usage = filter.usage();
          exchange.errorCode = "upstream_stream_broken";
          client.end(
              OpenAiErrors.sseEvent(
                  new GatewayError(
                      502,
                      "api_error",
                      "upstream_stream_broken",
                      null,
                      "The provider's stream broke off before it was complete.",
                      null)));
          recorder.finish(exchange);
        });
    response.endHandler(
        v -> {
          if (client.ended()) {
            return;
          }
          exchange.usage = filter.usage();
          client.end(filter.remainder());
          recorder.finish(exchange);
        });
  }

  private void onFailure(
      RoutingContext ctx, Exchange exchange, UpstreamTarget target, Throwable failure) {
    if (exchange.clientGone || ctx.response().ended()) {
      return;
    }
    responses.error(ctx, UpstreamErrors.fromFailure(target, exchange.model, failure));
  }

  private static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader("content-type");
    return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
  }
}
