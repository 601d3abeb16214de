package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Routes OpenAI API requests and applies the knobs in OpenAI's order: injected stall or failure,
 * then auth, then validation, then the answer. Shared by all event loops, so it holds no
 * per-request state.
 */
final class OpenAiHandler implements Handler<HttpServerRequest> {

  static final String CHAT = "/v1/chat/completions";
  static final String EMBEDDINGS = "/v1/embeddings";
  static final String MODELS = "/v1/models";

  private final Vertx vertx;
  private final Knobs knobs;
  private final RequestRecorder recorder;
  private final BooleanSupplier closing;
  private final ChatPlanner planner;
  private final AtomicLong ids = new AtomicLong();
  // Distinguishes ids across restarts so a test never confuses two runs' responses.
  private final String idPrefix = Long.toHexString(System.nanoTime() & 0xffffffL);

  OpenAiHandler(Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing) {
    this.vertx = vertx;
    this.knobs = knobs;
    this.recorder = recorder;
    this.closing = closing;
    this.planner = new ChatPlanner(knobs);
  }

  @Override
  public void handle(HttpServerRequest req) {
    String seq = idPrefix + Long.toHexString(ids.incrementAndGet());
    Exchange ex = new Exchange(req, vertx, recorder, closing, "req_fake" + seq);
    req.body()
        .onSuccess(body -> arrived(ex, body, seq))
        .onFailure(t -> {}); // the client left mid-body; the close handler counts it
  }

  private void arrived(Exchange ex, Buffer body, String seq) {
    byte[] bytes = body.getBytes();
    JsonNode json = null;
    boolean badJson = false;
    if (bytes.length > 0) {
      try {
        json = Json.MAPPER.readTree(bytes);
      } catch (IOException e) {
        badJson = true;
      }
    }
    recorder.record(ex.req, bytes, json, knobs.recordRequests);
    if (knobs.takeStall()) {
      return; // accepted, never answered: only the client's timeout ends this exchange
    }
    Knobs.Failure failure = knobs.takeFailure();
    JsonNode parsed = json;
    boolean invalid = badJson;
    long delay = knobs.responseDelayMs;
    if (delay > 0) {
      ex.later(delay, () -> respond(ex, parsed, invalid, failure, seq));
    } else {
      respond(ex, parsed, invalid, failure, seq);
    }
  }

  private void respond(
      Exchange ex, JsonNode json, boolean badJson, Knobs.Failure failure, String seq) {
    if (failure != null) {
      ex.error(failure);
      return;
    }
    HttpServerRequest req = ex.req;
    String path = req.path();
    HttpMethod method = req.method();
    if (path.startsWith(AzurePaths.PREFIX)) {
      azure(ex, json, badJson, seq);
      return;
    }
    if (!authorized(ex)) {
      return;
    }
    if (method == HttpMethod.POST && CHAT.equals(path)) {
      chat(ex, json, badJson, seq);
    } else if (method == HttpMethod.POST && EMBEDDINGS.equals(path)) {
      embeddings(ex, json, badJson);
    } else if (method == HttpMethod.GET && MODELS.equals(path)) {
      ex.json(200, knobs.models.listBody.copy());
    } else if (method == HttpMethod.GET && path.startsWith(MODELS + "/")) {
      String id = path.substring(MODELS.length() + 1);
      if (knobs.models.ids.contains(id)) {
        ex.json(200, ModelList.model(id));
      } else {
        ex.error(404, OpenAiErrors.modelNotFound(id), null);
      }
    } else {
      ex.error(404, OpenAiErrors.invalidUrl(method.name(), path), null);
    }
  }

  private boolean authorized(Exchange ex) {
    String expected = knobs.expectedApiKey;
    if (expected == null) {
      return true;
    }
    String auth = ex.req.getHeader(HttpHeaders.AUTHORIZATION);
    String given =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? auth.substring(7).trim()
            : "";
    if (given.isEmpty()) {
      ex.error(401, OpenAiErrors.MISSING_API_KEY, null);
      return false;
    }
    if (!given.equals(expected)) {
      ex.error(401, OpenAiErrors.invalidApiKey(given), null);
      return false;
    }
    return true;
  }

  /**
   * Azure OpenAI's deployment surface: the deployment names the model (the body's {@code model} is
   * optional and ignored), {@code api-version} is required and the key comes in {@code api-key}.
   */
  private void azure(Exchange ex, JsonNode json, boolean badJson, String seq) {
    String deployment = AzurePaths.chatDeployment(ex.req);
    if (deployment == null || ex.req.getParam("api-version") == null) {
      ex.json(404, AzurePaths.NOT_FOUND);
      return;
    }
    String expected = knobs.expectedApiKey;
    if (expected != null && !AzurePaths.keyMatches(ex.req, expected)) {
      ex.json(401, AzurePaths.ACCESS_DENIED);
      return;
    }
    chat(ex, json, badJson, seq, deployment);
  }

  private void chat(Exchange ex, JsonNode json, boolean badJson, String seq) {
    chat(ex, json, badJson, seq, null);
  }

  private void chat(Exchange ex, JsonNode json, boolean badJson, String seq, String defaultModel) {
    if (badJson || json == null || !json.isObject()) {
      ex.error(400, OpenAiErrors.BAD_JSON, null);
      return;
    }
    String model = Json.text(json.get("model"));
    if ((model == null || model.isEmpty()) && defaultModel != null) {
      model = defaultModel;
    }
    if (model == null || model.isEmpty()) {
      ex.error(400, OpenAiErrors.MISSING_MODEL, null);
      return;
    }
    String messagesError = messagesError(json.get("messages"));
    if (messagesError != null) {
      ex.error(400, messagesError, null);
      return;
    }
    ChatPlan plan = planner.plan(json, model);
    String id = "chatcmpl-fake" + seq;
    long created = System.currentTimeMillis() / 1000;
    int dropAfter = knobs.takeDropAfter();
    if (plan.stream()) {
      ex.stream(SseChunkWriter.events(plan, id, created), knobs.chunkIntervalMs, dropAfter);
    } else if (dropAfter >= 0) {
      ex.dropNow();
    } else {
      ex.json(200, ChatJsonWriter.completion(plan, id, created));
    }
  }

  private static String messagesError(JsonNode messages) {
    if (messages == null || messages.isNull()) {
      return OpenAiErrors.missingParameter("messages");
    }
    if (!messages.isArray()) {
      return OpenAiErrors.body(
          "Invalid type for 'messages': expected an array of objects, but got "
              + messages.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + " instead.",
          "invalid_request_error",
          "messages",
          "invalid_type");
    }
    if (messages.isEmpty()) {
      return OpenAiErrors.body(
          "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an"
              + " empty array instead.",
          "invalid_request_error",
          "messages",
          "empty_array");
    }
    return null;
  }

  private void embeddings(Exchange ex, JsonNode json, boolean badJson) {
    if (badJson || json == null || !json.isObject()) {
      ex.error(400, OpenAiErrors.BAD_JSON, null);
      return;
    }
    String model = Json.text(json.get("model"));
    if (model == null || model.isEmpty()) {
      ex.error(400, OpenAiErrors.MISSING_MODEL, null);
      return;
    }
    if (json.get("input") == null || json.get("input").isNull()) {
      ex.error(400, OpenAiErrors.missingParameter("input"), null);
      return;
    }
    Buffer body = EmbeddingsWriter.write(json, model, knobs.embeddingDimensions);
    if (body == null) {
      ex.error(
          400,
          OpenAiErrors.body(
              "'input' must be a string, an array of strings, an array of tokens or an array of"
                  + " token arrays.",
              "invalid_request_error",
              "input",
              null),
          null);
      return;
    }
    ex.json(200, body);
  }
}
