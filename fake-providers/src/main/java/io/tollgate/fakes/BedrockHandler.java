package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Answers Bedrock Runtime's {@code POST /model/{modelId}/converse} and {@code /converse-stream}:
 * auth check (SigV4 form or bearer), union and name validation, then the reply as JSON or as
 * event-stream frames.
 */
final class BedrockHandler extends FakeHandler {

  static final CharSequence EVENT_STREAM =
      HttpHeaders.createOptimized("application/vnd.amazon.eventstream");
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final List<String> CONTENT_MEMBERS =
      List.of(
          "text",
          "image",
          "document",
          "video",
          "toolUse",
          "toolResult",
          "guardContent",
          "cachePoint",
          "reasoningContent",
          "citationsContent");

  private final ReplyPlanner planner;

  BedrockHandler(Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing) {
    super(vertx, knobs, recorder, closing);
    this.planner = new ReplyPlanner(knobs, "tooluse_fake");
  }

  @Override
  void answer(Exchange ex, Body body, String seq) {
    ex.header("x-amzn-RequestId", "fake-" + seq);
    String path = ex.req.path();
    boolean stream = path.endsWith("/converse-stream");
    String modelId = modelId(path);
    if (ex.req.method() != HttpMethod.POST || modelId == null) {
      error(ex, 404, "UnknownOperationException", "Unknown operation " + path);
      return;
    }
    AwsAuth auth = AwsAuth.of(ex.req.getHeader("authorization"), ex.req.getHeader("x-amz-date"));
    if (!auth.accepted("bedrock", knobs.requireSigV4, knobs.expectedApiKey)) {
      if (auth.kind() == AwsAuth.Kind.NONE) {
        error(ex, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      } else {
        error(
            ex,
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.");
      }
      return;
    }
    JsonNode json = body.json();
    String invalid =
        body.badJson() || json == null || !json.isObject() ? "Malformed request" : validate(json);
    if (invalid != null) {
      error(ex, 400, "ValidationException", invalid);
      return;
    }
    Reply reply = planner.plan(turn(json));
    int cacheRead = knobs.cacheReadTokens;
    int cacheWrite = knobs.cacheWriteTokens;
    int dropAfter = knobs.takeDropAfter();
    if (!stream) {
      if (dropAfter >= 0) {
        ex.dropNow();
      } else {
        ex.json(200, BedrockWriter.converse(reply, cacheRead, cacheWrite, 42));
      }
      return;
    }
    List<Buffer> frames = BedrockWriter.stream(reply, cacheRead, cacheWrite, 42);
    int failAfter = knobs.takeMidStreamFailure();
    if (failAfter >= 0 && failAfter < frames.size()) {
      String type =
          knobs.midStreamErrorType != null ? knobs.midStreamErrorType : "throttlingException";
      frames = new ArrayList<>(frames.subList(0, failAfter));
      frames.add(EventStreamFrames.exception(type, AwsErrors.body(AwsErrors.defaultMessage(429))));
    }
    ex.streamFrames(frames, EVENT_STREAM, knobs.chunkIntervalMs, dropAfter);
  }

  private static void error(Exchange ex, int status, String type, String message) {
    ex.error(AwsErrors.failure(status, type, message, null));
  }

  /**
   * The decoded model id of {@code /model/{modelId}/converse[-stream]}, or null. SDKs encode the
   * whole label, so an ARN arrives as one segment with {@code %3A} and {@code %2F}; a raw slash
   * inside it means the client did not encode it and the route does not match.
   */
  static String modelId(String rawPath) {
    String suffix =
        rawPath.endsWith("/converse-stream")
            ? "/converse-stream"
            : rawPath.endsWith("/converse") ? "/converse" : null;
    if (suffix == null || !rawPath.startsWith("/model/")) {
      return null;
    }
    String label = rawPath.substring("/model/".length(), rawPath.length() - suffix.length());
    if (label.isEmpty() || label.contains("/")) {
      return null;
    }
    // Percent-decoding, not form decoding: a literal '+' stays a '+'.
    return URLDecoder.decode(label.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Bedrock's message for the first problem, or null when the body is acceptable. */
  private static String validate(JsonNode json) {
    JsonNode messages = json.get("messages");
    if (messages == null
        || !messages.isArray()
        || messages.isEmpty()
        || !"user".equals(Json.text(messages.get(0).get("role")))) {
      return "A conversation must start with a user message. Try again with a conversation that"
          + " starts with a user message.";
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode content = messages.get(i).get("content");
      if (content == null || !content.isArray()) {
        return "messages." + i + ".content: expected a list of content blocks";
      }
      for (int j = 0; j < content.size(); j++) {
        String union = unionProblem(content.get(j));
        if (union != null) {
          return "messages." + i + ".content." + j + ": " + union;
        }
      }
    }
    JsonNode max = json.path("inferenceConfig").get("maxTokens");
    if (max != null && (!max.canConvertToInt() || max.asInt() < 1)) {
      return "inferenceConfig.maxTokens: must be at least 1";
    }
    for (JsonNode tool : json.path("toolConfig").path("tools")) {
      String name = Json.text(tool.path("toolSpec").get("name"));
      if (name == null || !TOOL_NAME.matcher(name).matches()) {
        return "toolConfig.tools.toolSpec.name: must match [a-zA-Z0-9_-]+ and be at most 64"
            + " characters";
      }
    }
    return null;
  }

  /** A content block is a union: exactly one known member must be set. */
  private static String unionProblem(JsonNode block) {
    if (block == null || !block.isObject()) {
      return "a content block must be an object";
    }
    int members = 0;
    for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!CONTENT_MEMBERS.contains(name)) {
        return "unknown content block member '" + name + "'";
      }
      members++;
    }
    return members == 1 ? null : "a content block must set exactly one member, found " + members;
  }

  private static Turn turn(JsonNode json) {
    JsonNode messages = json.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    String toolResult = null;
    if ("user".equals(Json.text(last.get("role")))) {
      for (JsonNode block : last.get("content")) {
        if (block.has("toolResult")) {
          toolResult = blocksText(block.get("toolResult").get("content"));
        }
      }
    }
    String lastUser = "";
    int promptTokens = Words.count(blocksText(json.get("system")));
    for (JsonNode m : messages) {
      String text = blocksText(m.get("content"));
      promptTokens += 3 + Words.count(text);
      if ("user".equals(Json.text(m.get("role")))) {
        lastUser = text;
      }
    }
    JsonNode inference = json.path("inferenceConfig");
    List<String> stops = new ArrayList<>();
    inference.path("stopSequences").forEach(s -> stops.add(s.asText()));
    int max = inference.has("maxTokens") ? inference.get("maxTokens").asInt() : Integer.MAX_VALUE;
    return new Turn(lastUser, toolResult, chosenTool(json), max, stops, promptTokens);
  }

  /** Text of Bedrock content blocks ({@code text} members; {@code json} members as JSON). */
  private static String blocksText(JsonNode blocks) {
    if (blocks == null || !blocks.isArray()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : blocks) {
      String text = block.has("json") ? block.get("json").toString() : Json.text(block.get("text"));
      if (text != null) {
        sb.append(sb.isEmpty() ? "" : " ").append(text);
      }
    }
    return sb.toString();
  }

  private static String chosenTool(JsonNode json) {
    JsonNode config = json.path("toolConfig");
    JsonNode tools = config.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return null;
    }
    String forced = Json.text(config.path("toolChoice").path("tool").get("name"));
    return forced != null ? forced : Json.text(tools.get(0).path("toolSpec").get("name"));
  }
}
