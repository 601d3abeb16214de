package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Anthropic Messages clients (the {@code /v1/messages} front door) served by an OpenAI chat
 * backend: request, response, error and (via {@link #stream}) SSE translation. Parameters OpenAI
 * cannot honour are rejected with a 400 naming them; docs/providers.md lists the policy.
 */
public final class AnthropicToOpenAiTranslator {

  /** OpenAI accepts at most this many stop sequences. */
  static final int MAX_STOP_SEQUENCES = 4;

  private final int maxStopSequences;

  /** For OpenAI backends, which take at most four stop sequences. */
  public AnthropicToOpenAiTranslator() {
    this(MAX_STOP_SEQUENCES);
  }

  /** With a backend's own stop-sequence limit (a composed pair may allow more). */
  AnthropicToOpenAiTranslator(int maxStopSequences) {
    this.maxStopSequences = maxStopSequences;
  }

  /** The OpenAI chat request for an Anthropic request; throws {@link TranslationException}. */
  public ObjectNode request(JsonNode anthropic, String upstreamModel) {
    if (anthropic == null || !anthropic.isObject()) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    checkParameters(anthropic);
    ObjectNode out = JsonTrees.object().put("model", upstreamModel);
    out.set(
        "messages",
        AnthropicToOpenAiMessages.of(anthropic.get("system"), anthropic.get("messages")));
    JsonNode max = anthropic.get("max_tokens");
    if (max == null || !max.canConvertToLong()) {
      throw new TranslationException("max_tokens", "max_tokens: Field required");
    }
    out.put("max_completion_tokens", max.asLong());
    JsonNode stops = anthropic.get("stop_sequences");
    if (stops != null && stops.isArray() && !stops.isEmpty()) {
      if (stops.size() > maxStopSequences) {
        throw new TranslationException(
            "stop_sequences",
            "stop_sequences: at most "
                + maxStopSequences
                + " are supported when the model is served by "
                + AnthropicToOpenAiMessages.BACKEND
                + ".");
      }
      out.set("stop", stops);
    }
    for (String field : new String[] {"temperature", "top_p"}) {
      JsonNode v = anthropic.get(field);
      if (v != null && v.isNumber()) {
        out.set(field, v);
      }
    }
    tools(anthropic, out);
    String user = JsonTrees.text(anthropic.path("metadata").get("user_id"));
    if (user != null) {
      out.put("user", user);
    }
    if (anthropic.path("stream").asBoolean(false)) {
      // Usage only arrives in a stream when asked for; Anthropic clients always get it.
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void checkParameters(JsonNode in) {
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode v = field.getValue();
      boolean ok =
          switch (field.getKey()) {
            case "model",
                "messages",
                "system",
                "max_tokens",
                "stop_sequences",
                "temperature",
                "top_p",
                "tools",
                "tool_choice",
                "metadata",
                "stream",
                "service_tier" ->
                true;
            case "thinking" -> JsonTrees.absent(v) || "disabled".equals(v.path("type").asText());
            default -> JsonTrees.absent(v);
          };
      if (!ok) {
        throw TranslationException.unsupported(field.getKey(), AnthropicToOpenAiMessages.BACKEND);
      }
    }
  }

  private static void tools(JsonNode in, ObjectNode out) {
    JsonNode tools = in.get("tools");
    if (!JsonTrees.absent(tools) && !tools.isArray()) {
      throw new TranslationException("tools", "tools: Input should be a valid list");
    }
    if (!JsonTrees.absent(tools) && !tools.isEmpty()) {
      ArrayNode outTools = out.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        String type = JsonTrees.text(tool.get("type"));
        if (type != null && !"custom".equals(type)) {
          // Server tools (web search, code execution, …) run inside Anthropic only.
          throw TranslationException.unsupported(
              "tools." + i + ".type", AnthropicToOpenAiMessages.BACKEND);
        }
        ObjectNode fn = outTools.addObject().put("type", "function").putObject("function");
        fn.put("name", tool.path("name").asText());
        if (tool.hasNonNull("description")) {
          fn.put("description", tool.get("description").asText());
        }
        fn.set("parameters", tool.path("input_schema"));
      }
    }
    JsonNode choice = in.get("tool_choice");
    if (JsonTrees.absent(choice)) {
      return;
    }
    switch (choice.path("type").asText()) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" -> {
        ObjectNode named = out.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", choice.path("name").asText());
      }
      default ->
          throw TranslationException.unsupported(
              "tool_choice.type", AnthropicToOpenAiMessages.BACKEND);
    }
    if (choice.path("disable_parallel_tool_use").asBoolean(false) && out.has("tools")) {
      out.put("parallel_tool_calls", false);
    }
  }

  /**
   * The Anthropic message for an OpenAI chat completion. Tool arguments that are not a JSON object
   * cannot be expressed as {@code input}; they yield a {@link TranslatedError} via {@link
   * UpstreamResponseException}.
   */
  public ObjectNode response(JsonNode openAi, String clientModel) {
    JsonNode choice = openAi.path("choices").path(0);
    JsonNode message = choice.path("message");
    ObjectNode out =
        JsonTrees.object()
            .put("id", openAi.path("id").asText())
            .put("type", "message")
            .put("role", "assistant")
            .put("model", clientModel);
    ArrayNode content = out.putArray("content");
    String text = JsonTrees.text(message.get("content"));
    String refusal = JsonTrees.text(message.get("refusal"));
    if (text != null && !text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    } else if (refusal != null) {
      content.addObject().put("type", "text").put("text", refusal);
    }
    for (JsonNode call : message.path("tool_calls")) {
      ObjectNode block =
          content
              .addObject()
              .put("type", "tool_use")
              .put("id", call.path("id").asText())
              .put("name", call.path("function").path("name").asText());
      block.set("input", toolInput(call.path("function").path("arguments").asText("")));
    }
    String stop =
        refusal != null && (text == null || text.isEmpty())
            ? "refusal"
            : FinishReasons.anthropicFromOpenAi(choice.path("finish_reason").asText(null));
    out.put("stop_reason", stop);
    out.putNull("stop_sequence");
    out.set("usage", TokenUsage.anthropic(openAi.get("usage")));
    return out;
  }

  /** Parses model-written tool arguments; not-JSON is an upstream fault, not the client's. */
  static JsonNode toolInput(String arguments) {
    if (arguments.isBlank()) {
      return JsonTrees.object();
    }
    JsonNode parsed = JsonTrees.parseOrNull(arguments);
    if (parsed == null || !parsed.isObject()) {
      throw new UpstreamResponseException(
          ErrorMapping.anthropic(
              502, "api_error", "The upstream model returned tool arguments that are not JSON."));
    }
    return parsed;
  }

  /** A fresh state machine for one streamed response. */
  public AnthropicToOpenAiStream stream(String clientModel) {
    return new AnthropicToOpenAiStream(clientModel);
  }

  /** An OpenAI error response as the Anthropic client should see it. */
  public TranslatedError error(int upstreamStatus, JsonNode openAiBody) {
    String message =
        openAiBody == null ? null : JsonTrees.text(openAiBody.path("error").get("message"));
    return ErrorMapping.anthropicFromOpenAi(upstreamStatus, message);
  }
}
