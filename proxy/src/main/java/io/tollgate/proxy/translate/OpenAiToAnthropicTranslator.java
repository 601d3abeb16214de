package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * OpenAI chat clients served by an Anthropic Messages backend: request, response, error and (via
 * {@link #stream}) SSE translation. Parameters Anthropic cannot honour are rejected with a 400
 * naming them, or dropped where dropping cannot change the answer; docs/providers.md lists which.
 */
public final class OpenAiToAnthropicTranslator {

  /** {@code max_tokens} sent when the client set no limit; Anthropic requires one. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private final Clock clock;
  private final int defaultMaxTokens;

  public OpenAiToAnthropicTranslator(Clock clock) {
    this(clock, DEFAULT_MAX_TOKENS);
  }

  public OpenAiToAnthropicTranslator(Clock clock, int defaultMaxTokens) {
    this.clock = clock;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  /** The Anthropic request for an OpenAI chat request; throws {@link TranslationException}. */
  public ObjectNode request(JsonNode openAi, String upstreamModel) {
    if (openAi == null || !openAi.isObject()) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    checkParameters(openAi);
    OpenAiToAnthropicMessages messages = OpenAiToAnthropicMessages.of(openAi.get("messages"));
    ObjectNode out = JsonTrees.object().put("model", upstreamModel);
    if (messages.system.size() == 1) {
      out.put("system", messages.system.get(0));
    } else if (!messages.system.isEmpty()) {
      ArrayNode system = out.putArray("system");
      messages.system.forEach(s -> system.addObject().put("type", "text").put("text", s));
    }
    out.set("messages", messages.messages);
    out.put("max_tokens", maxTokens(openAi));
    JsonNode stop = openAi.get("stop");
    if (stop != null && stop.isTextual()) {
      out.putArray("stop_sequences").add(stop.asText());
    } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
      out.set("stop_sequences", stop);
    }
    copyNumber(openAi, "temperature", out);
    copyNumber(openAi, "top_p", out);
    tools(openAi, out);
    String user = JsonTrees.text(openAi.get("user"));
    if (user != null) {
      out.putObject("metadata").put("user_id", user);
    }
    if (openAi.path("stream").asBoolean(false)) {
      out.put("stream", true);
    }
    return out;
  }

  /** Anthropic's temperature range is 0–1: rescaling would change the answer. */
  private static void checkParameters(JsonNode in) {
    OpenAiParameters.check(
        in,
        OpenAiToAnthropicMessages.BACKEND,
        (name, v) ->
            switch (name) {
              case "tools", "tool_choice", "parallel_tool_calls" -> true;
              case "temperature" -> {
                if (!JsonTrees.absent(v) && v.asDouble() > 1.0) {
                  throw new TranslationException(
                      name,
                      "'temperature' must be at most 1 when the model is served by Anthropic.");
                }
                yield true;
              }
              default -> null;
            });
  }

  private long maxTokens(JsonNode in) {
    JsonNode max = in.get("max_completion_tokens");
    if (JsonTrees.absent(max)) {
      max = in.get("max_tokens");
    }
    return JsonTrees.absent(max) ? defaultMaxTokens : max.asLong();
  }

  private static void copyNumber(JsonNode in, String field, ObjectNode out) {
    JsonNode v = in.get(field);
    if (v != null && v.isNumber()) {
      out.set(field, v);
    }
  }

  private static void tools(JsonNode in, ObjectNode out) {
    JsonNode tools = in.get("tools");
    JsonNode choice = in.get("tool_choice");
    if (JsonTrees.absent(tools) || tools.isEmpty()) {
      if (!JsonTrees.absent(choice)) {
        throw new TranslationException(
            "tool_choice", "'tool_choice' is only allowed when 'tools' are specified.");
      }
      return;
    }
    ArrayNode outTools = out.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!"function".equals(JsonTrees.text(tool.get("type")))) {
        throw TranslationException.unsupported(
            "tools[" + i + "].type", OpenAiToAnthropicMessages.BACKEND);
      }
      JsonNode fn = tool.path("function");
      ObjectNode t = outTools.addObject().put("name", fn.path("name").asText());
      if (fn.hasNonNull("description")) {
        t.put("description", fn.get("description").asText());
      }
      JsonNode schema = fn.get("parameters");
      if (JsonTrees.absent(schema)) {
        schema = JsonTrees.object().put("type", "object").set("properties", JsonTrees.object());
      }
      t.set("input_schema", schema);
    }
    ObjectNode outChoice = toolChoice(choice);
    boolean serial =
        in.path("parallel_tool_calls").isBoolean() && !in.get("parallel_tool_calls").asBoolean();
    if (serial && !"none".equals(outChoice == null ? null : outChoice.path("type").asText())) {
      if (outChoice == null) {
        outChoice = JsonTrees.object().put("type", "auto");
      }
      outChoice.put("disable_parallel_tool_use", true);
    }
    if (outChoice != null) {
      out.set("tool_choice", outChoice);
    }
  }

  private static ObjectNode toolChoice(JsonNode choice) {
    if (JsonTrees.absent(choice)) {
      return null;
    }
    if (choice.isTextual()) {
      return switch (choice.asText()) {
        case "auto" -> JsonTrees.object().put("type", "auto");
        case "required" -> JsonTrees.object().put("type", "any");
        case "none" -> JsonTrees.object().put("type", "none");
        default -> throw new TranslationException("tool_choice", "Unknown 'tool_choice' value.");
      };
    }
    String name = JsonTrees.text(choice.path("function").get("name"));
    if (!"function".equals(JsonTrees.text(choice.get("type"))) || name == null) {
      throw TranslationException.unsupported("tool_choice", OpenAiToAnthropicMessages.BACKEND);
    }
    return JsonTrees.object().put("type", "tool").put("name", name);
  }

  /** The OpenAI {@code chat.completion} for an Anthropic message. */
  public ObjectNode response(JsonNode anthropic, String clientModel) {
    ObjectNode out =
        JsonTrees.object()
            .put("id", anthropic.path("id").asText())
            .put("object", "chat.completion")
            .put("created", clock.instant().getEpochSecond())
            .put("model", clientModel);
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JsonTrees.MAPPER.createArrayNode();
    for (JsonNode block : anthropic.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> {
          ObjectNode call =
              calls.addObject().put("id", block.path("id").asText()).put("type", "function");
          call.putObject("function")
              .put("name", block.path("name").asText())
              .put("arguments", JsonTrees.write(block.path("input")));
        }
        default -> {} // thinking and server-tool blocks have no OpenAI chat field
      }
    }
    if (text.isEmpty() && !calls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put(
        "finish_reason",
        FinishReasons.openAiFromAnthropic(anthropic.path("stop_reason").asText(null)));
    out.set("usage", TokenUsage.openAi(anthropic.path("usage")));
    return out;
  }

  /** A fresh state machine for one streamed response. */
  public OpenAiToAnthropicStream stream(String clientModel, boolean includeUsage) {
    return new OpenAiToAnthropicStream(clientModel, includeUsage, clock.instant().getEpochSecond());
  }

  /** An Anthropic error response as the OpenAI client should see it. */
  public TranslatedError error(int upstreamStatus, JsonNode anthropicBody) {
    String type =
        anthropicBody == null ? null : JsonTrees.text(anthropicBody.path("error").get("type"));
    String message =
        anthropicBody == null ? null : JsonTrees.text(anthropicBody.path("error").get("message"));
    return ErrorMapping.openAiFromAnthropic(upstreamStatus, type, message);
  }
}
