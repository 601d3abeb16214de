package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.http.ClientResponses;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.http.RequestBodyReader;
import io.tollgate.proxy.observe.GatewayMetrics;
import io.tollgate.proxy.observe.RequestRecorder;
import io.tollgate.proxy.routing.BackendStates;
import io.tollgate.proxy.routing.RequestFacts;
import io.tollgate.proxy.routing.RoutePlanner;
import io.tollgate.proxy.upstream.UpstreamClient;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * OpenAI-schema client to OpenAI-schema backend: the request body goes upstream as it came (only
 * {@code model}, and for streams {@code stream_options}, are rewritten), responses come back as
 * they are, and the usage they report is recorded. Which backend, how often and in which order is
 * the {@link RoutedRequest}'s business.
 *
 * <p>Beans on the request path are {@code @Singleton}s: no client proxy between the event loop and
 * the call.
 */
@Singleton
public class OpenAiProxy {

  static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

  private final UpstreamClient upstream;
  private final BackendStates states;
  private final RoutePlanner planner;
  private final ClientResponses responses;
  private final RequestRecorder recorder;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final long maxResponseBytes;
  private final long idleTimeoutMillis;
  private final AnthropicDialect anthropic;

  public OpenAiProxy(
      UpstreamClient upstream,
      BackendStates states,
      ClientResponses responses,
      RequestRecorder recorder,
      GatewayMetrics metrics,
      Clock clock,
      GatewayConfig config) {
    this.upstream = upstream;
    this.states = states;
    this.planner = new RoutePlanner(states);
    this.responses = responses;
    this.recorder = recorder;
    this.metrics = metrics;
    this.clock = clock;
    this.maxResponseBytes = config.upstream().maxResponseBytes();
    this.idleTimeoutMillis = config.upstream().idleTimeout().toMillis();
    this.anthropic = new AnthropicDialect(clock);
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
    if (!servesAnywhere(route, operation)) {
      responses.error(
          ctx,
          GatewayError.badRequest(
              "The model '" + route.model() + "' does not support " + operation.kind() + ".",
              "model",
              "unsupported_operation"));
      return;
    }
    RequestFacts facts =
        new RequestFacts(
            operation.kind(),
            exchange.key,
            ctx.request().headers(),
            request.user(),
            request.metadata(),
            RequestFacts.estimateTokens(body.length()),
            stream);
    new RoutedRequest(this, ctx, exchange, request, operation, route, facts).start();
  }

  /** Whether some backend of the route has the operation (Anthropic has no embeddings). */
  private boolean servesAnywhere(Route route, OpenAiOperation operation) {
    for (Backend backend : route.backends()) {
      if (dialect(backend.provider()).path(operation) != null) {
        return true;
      }
    }
    return false;
  }

  /** How an OpenAI-schema request reaches a backend of this target's provider. */
  BackendDialect dialect(UpstreamTarget target) {
    return dialect(target.backend().provider());
  }

  private BackendDialect dialect(Provider provider) {
    return switch (provider) {
      case OPENAI, OPENAI_COMPATIBLE, AZURE_OPENAI -> OpenAiPassthrough.INSTANCE;
      case ANTHROPIC -> anthropic;
    };
  }

  UpstreamClient upstream() {
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

  long maxResponseBytes() {
    return maxResponseBytes;
  }

  long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }
}
