package io.tollgate.proxy.http;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.anthropic.AnthropicClientSchema;
import io.tollgate.proxy.anthropic.AnthropicFrontDoor;
import io.tollgate.proxy.auth.ClientAuthenticator;
import io.tollgate.proxy.bedrock.BedrockClientSchema;
import io.tollgate.proxy.bedrock.BedrockFrontDoor;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.tollgate.proxy.observe.RequestRecorder;
import io.tollgate.proxy.openai.OpenAiOperation;
import io.tollgate.proxy.openai.OpenAiProxy;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The proxy's HTTP surface on the main port. Each request gets an id and the current snapshot, then
 * is authenticated before its body is read, so unauthenticated callers cannot make the gateway
 * buffer large bodies.
 */
@Singleton
public class GatewayRouter {

  private static final Logger LOG = Logger.getLogger(GatewayRouter.class);

  private final SnapshotHolder snapshots;
  private final OpenAiProxy openAi;
  private final AnthropicFrontDoor anthropic;
  private final BedrockFrontDoor bedrock;
  private final ClientResponses responses;
  private final RequestRecorder recorder;
  private final long maxRequestBytes;
  private final Clock clock;

  public GatewayRouter(
      SnapshotHolder snapshots,
      OpenAiProxy openAi,
      AnthropicFrontDoor anthropic,
      BedrockFrontDoor bedrock,
      ClientResponses responses,
      RequestRecorder recorder,
      GatewayConfig config,
      Clock clock) {
    this.snapshots = snapshots;
    this.openAi = openAi;
    this.anthropic = anthropic;
    this.bedrock = bedrock;
    this.responses = responses;
    this.recorder = recorder;
    this.maxRequestBytes = config.maxRequestBytes();
    this.clock = clock;
  }

  void register(@Observes Router router) {
    RequestBodyReader body = new RequestBodyReader(maxRequestBytes, responses);
    router
        .post("/v1/chat/completions")
        .handler(begin("chat"))
        .handler(this::authenticate)
        .handler(body)
        .handler(ctx -> openAi.handle(ctx, OpenAiOperation.CHAT_COMPLETIONS))
        .failureHandler(this::failure);
    router
        .post("/v1/embeddings")
        .handler(begin("embeddings"))
        .handler(this::authenticate)
        .handler(body)
        .handler(ctx -> openAi.handle(ctx, OpenAiOperation.EMBEDDINGS))
        .failureHandler(this::failure);
    router
        .post("/v1/messages")
        .handler(begin("messages", AnthropicClientSchema.INSTANCE))
        .handler(this::authenticate)
        .handler(body)
        .handler(anthropic::handle)
        .failureHandler(this::failure);
    router
        .post("/bedrock/model/:modelId/converse")
        .handler(begin("converse", BedrockClientSchema.INSTANCE))
        .handler(this::authenticate)
        .handler(body)
        .handler(ctx -> bedrock.handle(ctx, false))
        .failureHandler(this::failure);
    router
        .post("/bedrock/model/:modelId/converse-stream")
        .handler(begin("converse", BedrockClientSchema.INSTANCE))
        .handler(this::authenticate)
        .handler(body)
        .handler(ctx -> bedrock.handle(ctx, true))
        .failureHandler(this::failure);
    router
        .get("/v1/models")
        .handler(begin("models"))
        .handler(this::authenticate)
        .handler(this::listModels)
        .failureHandler(this::failure);
    router
        .get("/v1/models/:model")
        .handler(begin("models"))
        .handler(this::authenticate)
        .handler(this::getModel)
        .failureHandler(this::failure);
    router
        // Any other Bedrock operation: a 404 the AWS SDKs can read.
        .route("/bedrock/*")
        .order(Integer.MAX_VALUE - 2)
        .handler(begin("unknown", BedrockClientSchema.INSTANCE))
        .handler(
            ctx ->
                responses.error(
                    ctx,
                    GatewayError.notFound(ctx.request().method().name(), ctx.request().path())));
    router
        // Last: anything no route above took, so even a typo'd path gets an OpenAI-shaped 404.
        .route()
        .order(Integer.MAX_VALUE - 1)
        .handler(begin("unknown"))
        .handler(
            ctx ->
                responses.error(
                    ctx,
                    GatewayError.notFound(ctx.request().method().name(), ctx.request().path())));
  }

  private Handler<RoutingContext> begin(String operation) {
    return begin(operation, null);
  }

  /**
   * Assigns the request id, pins the snapshot this request will use from start to end and sets the
   * client schema errors are answered in (OpenAI's when null).
   */
  private Handler<RoutingContext> begin(String operation, ClientSchema schema) {
    return ctx -> {
      // Hold the body until the request is authenticated; RequestBodyReader resumes it.
      ctx.request().pause();
      String requestId = RequestIds.accept(ctx.request().getHeader("x-request-id"));
      ctx.response().putHeader("x-request-id", requestId);
      ServingSnapshot snapshot = snapshots.current();
      Exchange exchange = new Exchange(requestId, System.nanoTime(), snapshot, operation);
      ctx.put(Exchange.KEY, exchange);
      if (schema != null) {
        ctx.put(ClientSchema.KEY, schema);
      }
      if (snapshot == null) {
        ClientSchema.of(ctx).writeError(ctx.response(), GatewayError.notReady());
        return;
      }
      ctx.next();
    };
  }

  private void authenticate(RoutingContext ctx) {
    Exchange exchange = ctx.get(Exchange.KEY);
    String presented = ClientAuthenticator.presentedKey(ctx.request().headers());
    if (presented == null) {
      responses.error(ctx, GatewayError.missingKey());
      return;
    }
    ClientKey key = ClientAuthenticator.resolve(exchange.snapshot.snapshot(), presented);
    if (key == null) {
      responses.error(ctx, GatewayError.invalidKey());
      return;
    }
    if (key.expiredAt(clock.millis())) {
      responses.error(ctx, GatewayError.expiredKey(key.expiresAt()));
      return;
    }
    exchange.key = key;
    ctx.next();
  }

  private void listModels(RoutingContext ctx) {
    Exchange exchange = ctx.get(Exchange.KEY);
    exchange.status = 200;
    ctx.response()
        .putHeader("content-type", "application/json")
        .end(exchange.snapshot.modelList(exchange.key));
    recorder.finish(exchange);
  }

  private void getModel(RoutingContext ctx) {
    Exchange exchange = ctx.get(Exchange.KEY);
    String model = ctx.pathParam("model");
    exchange.model = model;
    Route route = exchange.snapshot.snapshot().route(model);
    if (route == null || !exchange.key.mayUse(model)) {
      // Unlike a completion, a lookup does not reveal that a model exists to a key that may not use
      // it.
      responses.error(ctx, GatewayError.modelNotFound(model));
      return;
    }
    exchange.status = 200;
    ctx.response()
        .putHeader("content-type", "application/json")
        .end(exchange.snapshot.model(route));
    recorder.finish(exchange);
  }

  private void failure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Exchange exchange = ctx.get(Exchange.KEY);
    String requestId = exchange == null ? RequestIds.generate() : exchange.requestId;
    LOG.errorf(ctx.failure(), "Request %s failed", requestId);
    responses.error(ctx, GatewayError.internal(requestId));
  }
}
