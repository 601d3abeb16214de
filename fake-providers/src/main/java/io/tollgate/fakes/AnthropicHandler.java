package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Answers {@code POST /v1/messages} like Anthropic: key check ({@code x-api-key}, or a bearer token
 * as OAuth clients send), {@code anthropic-version} check, validation, then the reply as JSON or
 * SSE.
 */
final class AnthropicHandler extends FakeHandler {

  static final String MESSAGES = "/v1/messages";
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream");

  private final ReplyPlanner planner;

  AnthropicHandler(Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing) {
    super(vertx, knobs, recorder, closing);
    this.planner = new ReplyPlanner(knobs, "toolu_fake");
  }

  @Override
  void answer(Exchange ex, Body body, String seq) {
    ex.header("request-id", "req_fake" + seq);
    if (ex.req.method() != HttpMethod.POST || !MESSAGES.equals(ex.req.path())) {
      ex.json(404, AnthropicErrors.body("not_found_error", "Not Found"));
      return;
    }
    if (!authorized(ex)) {
      return;
    }
    if (ex.req.getHeader("anthropic-version") == null) {
      ex.json(
          400,
          AnthropicErrors.body("invalid_request_error", "anthropic-version: header is required"));
      return;
    }
    JsonNode json = body.json();
    if (body.badJson() || json == null || !json.isObject()) {
      ex.json(
          400,
          AnthropicErrors.body(
              "invalid_request_error",
              "There was an error parsing" + " the body of your request."));
      return;
    }
    String invalid = validate(json);
    if (invalid != null) {
      ex.json(400, AnthropicErrors.body("invalid_request_error", invalid));
      return;
    }
    String model = json.get("model").asText();
    Reply reply = planner.plan(turn(json));
    String id = "msg_fake" + seq;
    int cacheRead = knobs.cacheReadTokens;
    int cacheWrite = knobs.cacheWriteTokens;
    int dropAfter = knobs.takeDropAfter();
    if (!json.path("stream").asBoolean(false)) {
      if (dropAfter >= 0) {
        ex.dropNow();
      } else {
        ex.json(200, AnthropicWriter.message(reply, id, model, cacheRead, cacheWrite));
      }
      return;
    }
    List<String> events = AnthropicWriter.events(reply, id, model, cacheRead, cacheWrite);
    int failAfter = knobs.takeMidStreamFailure();
    if (failAfter >= 0 && failAfter < events.size()) {
      String type =
          knobs.midStreamErrorType != null ? knobs.midStreamErrorType : "overloaded_error";
      events = new ArrayList<>(events.subList(0, failAfter));
      events.add(
          AnthropicWriter.errorEvent(
              type, type.equals("overloaded_error") ? "Overloaded" : "Internal server error"));
    }
    List<Buffer> frames = events.stream().map(Buffer::buffer).collect(Collectors.toList());
    ex.header(HttpHeaders.CACHE_CONTROL, "no-cache");
    ex.streamFrames(frames, SSE, knobs.chunkIntervalMs, dropAfter);
  }

  private boolean authorized(Exchange ex) {
    String expected = knobs.expectedApiKey;
    if (expected == null) {
      return true;
    }
    String given = ex.req.getHeader("x-api-key");
    String auth = ex.req.getHeader(HttpHeaders.AUTHORIZATION);
    if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim();
    }
    if (given == null || given.isEmpty()) {
      ex.json(401, AnthropicErrors.body("authentication_error", "x-api-key header is required"));
      return false;
    }
    if (!given.equals(expected)) {
      ex.json(401, AnthropicErrors.body("authentication_error", "invalid x-api-key"));
      return false;
    }
    return true;
  }

  /** Anthropic's message for the first problem, or null when the body is acceptable. */
  private static String validate(JsonNode json) {
    for (String required : List.of("model", "max_tokens", "messages")) {
      if (json.get(required) == null || json.get(required).isNull()) {
        return required + ": Field required";
      }
    }
    if (!json.get("model").isTextual()) {
      return "model: Input should be a valid string";
    }
    if (!json.get("max_tokens").canConvertToInt() || json.get("max_tokens").asInt() < 1) {
      return "max_tokens: Input should be greater than or equal to 1";
    }
    JsonNode messages = json.get("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "messages: at least one message is required";
    }
    for (int i = 0; i < messages.size(); i++) {
      String role = Json.text(messages.get(i).get("role"));
      if (!"user".equals(role) && !"assistant".equals(role)) {
        return "messages." + i + ".role: Input should be 'user' or 'assistant'";
      }
    }
    return null;
  }

  private static Turn turn(JsonNode json) {
    JsonNode messages = json.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    String toolResult = null;
    if ("user".equals(Json.text(last.get("role"))) && last.path("content").isArray()) {
      for (JsonNode block : last.get("content")) {
        if ("tool_result".equals(Json.text(block.get("type")))) {
          toolResult = ChatPlanner.contentText(block.get("content"));
        }
      }
    }
    String lastUser = "";
    int promptTokens = Words.count(systemText(json.get("system")));
    for (JsonNode m : messages) {
      String text = ChatPlanner.contentText(m.get("content"));
      promptTokens += 3 + Words.count(text);
      if ("user".equals(Json.text(m.get("role")))) {
        lastUser = text;
      }
    }
    List<String> stops = new ArrayList<>();
    json.path("stop_sequences").forEach(s -> stops.add(s.asText()));
    return new Turn(
        lastUser,
        toolResult,
        chosenTool(json),
        json.get("max_tokens").asInt(),
        stops,
        promptTokens);
  }

  private static String systemText(JsonNode system) {
    return system == null ? "" : ChatPlanner.contentText(system);
  }

  private static String chosenTool(JsonNode json) {
    JsonNode tools = json.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return null;
    }
    JsonNode choice = json.path("tool_choice");
    String type = Json.text(choice.get("type"));
    if ("none".equals(type)) {
      return null;
    }
    if ("tool".equals(type) && Json.text(choice.get("name")) != null) {
      return choice.get("name").asText();
    }
    return String.valueOf(Json.text(tools.get(0).get("name")));
  }
}
