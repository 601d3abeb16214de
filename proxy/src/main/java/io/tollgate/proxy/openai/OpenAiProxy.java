package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.governance.Governor;
import io.tollgate.proxy.http.ClientResponses;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.http.RequestBodyReader;
import io.tollgate.proxy.observe.GatewayMetrics;
import io.tollgate.proxy.observe.RequestRecorder;
import io.tollgate.proxy.routing.BackendStates;
import io.tollgate.proxy.routing.RequestFacts;
import io.tollgate.proxy.routing.RoutePlanner;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import io.tollgate.proxy.upstream.UpstreamCalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The OpenAI front door, and the routing entry every front door shares ({@link #route}). An
 * OpenAI-schema request to an OpenAI-schema backend goes upstream as it came (only {@code model},
 * and for streams {@code stream_options}, are rewritten), responses come back as they are, and the
 * usage they report is recorded; other pairs translate through their {@link BackendDialect}. Which
 * backend, how often and in which order is the {@link RoutedRequest}'s business.
 *
 * <p>Beans on the request path are {@code @Singleton}s: no client proxy between the event loop and
 * the call.
 */
@Singleton
public class OpenAiProxy {

  static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  /** Names the end user for per-user limits and budgets; wins over the body's {@code user}. */
  public static final String USER_HEADER = "x-tollgate-user";

  private final UpstreamCalls upstream;
  private final BackendStates states;
  private final RoutePlanner planner;
  private final ClientResponses responses;
  private final RequestRecorder recorder;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final long maxResponseBytes;
  private final long idleTimeoutMillis;
  private final long clientStallNanos;
  private final OpenAiToAnthropicTranslator toAnthropic;
  private final OpenAiToBedrockTranslator toBedrock;
  private final OpenAiToTgiTranslator toTgi;
  private final Governor governor;
  private final IdleWatch idleWatch;

  public OpenAiProxy(
      UpstreamCalls upstream,
      BackendStates states,
      ClientResponses responses,
      RequestRecorder recorder,
      GatewayMetrics metrics,
      Clock clock,
      GatewayConfig config,
      Governor governor,
      IdleWatch idleWatch) {
    this.upstream = upstream;
    this.idleWatch = idleWatch;
    this.governor = governor;
    this.states = states;
    this.planner = new RoutePlanner(states);
    this.responses = responses;
    this.recorder = recorder;
    this.metrics = metrics;
    this.clock = clock;
    this.maxResponseBytes = config.upstream().maxResponseBytes();
    this.idleTimeoutMillis = config.upstream().idleTimeout().toMillis();
    this.clientStallNanos = config.clientStallTimeout().toNanos();
    this.toAnthropic = new OpenAiToAnthropicTranslator(clock);
    this.toBedrock = new OpenAiToBedrockTranslator(clock);
    this.toTgi = new OpenAiToTgiTranslator(clock);
  }

  public void handle(RoutingContext ctx, OpenAiOperation operation) {
    Exchange exchange = ctx.get(Exchange.KEY);
    Buffer body = RequestBodyReader.body(ctx);
    OpenAiRequest request;
    try {
      request = OpenAiRequest.parse(body);
    } catch (InvalidRequestException e) {
      responses.error(ctx, GatewayError.badRequest(e.getMessage(), e.param(), e.code()));
      return;
    }
    route(ctx, new OpenAiClientRequest(request, operation, toAnthropic, toBedrock, toTgi));
  }

  /**
   * Routes a request any front door has parsed, in any client schema: model lookup, the key's
   * allow-list, admission (limits and budgets), then the attempts. Answers and errors come back in
   * the client's schema.
   */
  public void route(RoutingContext ctx, ClientRequest request) {
    Exchange exchange = ctx.get(Exchange.KEY);
    Buffer body = RequestBodyReader.body(ctx);
    exchange.model = request.model();
    boolean stream = request.stream();
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
    if (!servesAnywhere(route, request)) {
      responses.error(
          ctx,
          GatewayError.badRequest(
              "The model '" + route.model() + "' does not support " + request.kind() + ".",
              "model",
              "unsupported_operation"));
      return;
    }
    RequestFacts facts =
        new RequestFacts(
            request.kind(),
            exchange.key,
            ctx.request().headers(),
            request.user(),
            request.metadata(),
            RequestFacts.estimateTokens(body.length()),
            stream);
    String user = ctx.request().getHeader(USER_HEADER);
    governor
        .admit(
            exchange,
            route,
            user != null ? user : request.user(),
            facts.promptTokens(),
            request.maxOutputTokens(),
            ctx.response().headers())
        .onComplete(
            admitted -> {
              GatewayError refusal = admitted.result();
              if (refusal != null) {
                responses.error(ctx, refusal);
              } else if (ctx.response().closed()) {
                // Gone while its limits were checked: settle the reservation and stop.
                exchange.clientGone = true;
                exchange.status = 499;
                exchange.errorCode = "client_closed_request";
                recorder.finish(exchange);
              } else {
                try {
                  new RoutedRequest(this, ctx, exchange, request, route, facts).start();
                } catch (RuntimeException e) {
                  // A callback swallows exceptions: hand it to the route's failure handler (500).
                  ctx.fail(e);
                }
              }
            });
  }

  /** Whether some backend of the route can serve the request (embeddings are OpenAI's only). */
  private static boolean servesAnywhere(Route route, ClientRequest request) {
    for (Backend backend : route.backends()) {
      if (request.dialect(backend.schema()) != null) {
        return true;
      }
    }
    return false;
  }

  UpstreamCalls upstream() {
    return upstream;
  }

  BackendStates states() {
    return states;
  }

  RoutePlanner planner() {
    return planner;
  }

  ClientResponses responses() {
    return responses;
  }

  RequestRecorder recorder() {
    return recorder;
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  Clock clock() {
    return clock;
  }

  Governor governor() {
    return governor;
  }

  long maxResponseBytes() {
    return maxResponseBytes;
  }

  IdleWatch idleWatch() {
    return idleWatch;
  }

  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  long clientStallNanos() {
    return clientStallNanos;
  }
}
