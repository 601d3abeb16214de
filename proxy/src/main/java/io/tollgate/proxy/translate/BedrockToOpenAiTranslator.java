package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bedrock Converse clients (the {@code /bedrock/model/{modelId}/converse} and {@code
 * /converse-stream} front door) served by an OpenAI chat backend: request, response and (via {@link
 * #stream}) event translation. Parameters OpenAI cannot honour are rejected with a 400 naming them;
 * docs/providers.md lists the policy.
 */
public final class BedrockToOpenAiTranslator {

  private final int maxStopSequences;

  /** For OpenAI backends, which take at most four stop sequences. */
  public BedrockToOpenAiTranslator() {
    this(AnthropicToOpenAiTranslator.MAX_STOP_SEQUENCES);
  }

  /** With a backend's own stop-sequence limit (a composed pair may allow more). */
  BedrockToOpenAiTranslator(int maxStopSequences) {
    this.maxStopSequences = maxStopSequences;
  }

  /**
   * The OpenAI chat request for a Converse request; {@code stream} comes from the path
   * (converse-stream), not the body. Throws {@link TranslationException}.
   */
  public ObjectNode request(JsonNode converse, String upstreamModel, boolean stream) {
    if (converse == null || !converse.isObject()) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    checkParameters(converse);
    ObjectNode out = JsonTrees.object().put("model", upstreamModel);
    out.set(
        "messages", BedrockToOpenAiMessages.of(converse.get("system"), converse.get("messages")));
    inference(converse.get("inferenceConfig"), out);
    tools(converse.get("toolConfig"), out);
    if (stream) {
      // Usage only arrives in a stream when asked for; Bedrock clients always get it.
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  /**
   * Fails closed on unknown fields. {@code requestMetadata} is for the gateway (routing rules,
   * logs) and {@code performanceConfig}/{@code serviceTier} are latency or capacity hints: dropping
   * them cannot change the answer. Guardrails, prompt variables and model-specific fields could.
   */
  private static void checkParameters(JsonNode in) {
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode v = field.getValue();
      boolean ok =
          switch (field.getKey()) {
            case "messages",
                "system",
                "inferenceConfig",
                "toolConfig",
                "requestMetadata",
                "performanceConfig",
                "serviceTier" ->
                true;
            case "additionalModelRequestFields",
                "additionalModelResponseFieldPaths",
                "promptVariables" ->
                JsonTrees.absent(v) || v.isEmpty();
            default -> JsonTrees.absent(v);
          };
      if (!ok) {
        throw TranslationException.unsupported(field.getKey(), BedrockToOpenAiMessages.BACKEND);
      }
    }
  }

  private void inference(JsonNode config, ObjectNode out) {
    if (JsonTrees.absent(config)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode v = field.getValue();
      String path = "inferenceConfig." + field.getKey();
      switch (field.getKey()) {
        case "maxTokens" -> {
          if (!v.canConvertToLong() || v.asLong() < 1) {
            throw new TranslationException(path, path + ": must be at least 1");
          }
          out.put("max_completion_tokens", v.asLong());
        }
        case "temperature" -> out.set("temperature", number(v, path));
        case "topP" -> out.set("top_p", number(v, path));
        case "stopSequences" -> stops(v, path, out);
        default -> {
          if (!JsonTrees.absent(v)) {
            throw TranslationException.unsupported(path, BedrockToOpenAiMessages.BACKEND);
          }
        }
      }
    }
  }

  private void stops(JsonNode stops, String path, ObjectNode out) {
    if (JsonTrees.absent(stops) || stops.isEmpty()) {
      return;
    }
    if (!stops.isArray()) {
      throw new TranslationException(path, path + ": must be a list of strings");
    }
    if (stops.size() > maxStopSequences) {
      throw new TranslationException(
          path,
          path
              + ": at most "
              + maxStopSequences
              + " are supported when the model is served by "
              + BedrockToOpenAiMessages.BACKEND
              + ".");
    }
    out.set("stop", stops);
  }

  private static JsonNode number(JsonNode v, String path) {
    if (!v.isNumber()) {
      throw new TranslationException(path, path + ": must be a number");
    }
    return v;
  }

  private static void tools(JsonNode config, ObjectNode out) {
    if (JsonTrees.absent(config)) {
      return;
    }
    JsonNode tools = config.path("tools");
    ArrayNode outTools = JsonTrees.MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      String path = "toolConfig.tools." + i;
      JsonNode tool = tools.get(i);
      switch (BedrockToOpenAiMessages.member(tool, path)) {
        case "toolSpec" -> {
          JsonNode spec = tool.get("toolSpec");
          ObjectNode fn = outTools.addObject().put("type", "function").putObject("function");
          fn.put("name", spec.path("name").asText());
          if (spec.hasNonNull("description")) {
            fn.put("description", spec.get("description").asText());
          }
          JsonNode schema = spec.path("inputSchema").get("json");
          if (schema == null || !schema.isObject()) {
            throw new TranslationException(
                path + ".toolSpec.inputSchema", path + ".toolSpec.inputSchema: must hold a json");
          }
          fn.set("parameters", schema);
        }
        case "cachePoint" -> {}
        // System tools run inside Bedrock only.
        default ->
            throw TranslationException.unsupported(
                path + "." + tool.fieldNames().next(), BedrockToOpenAiMessages.BACKEND);
      }
    }
    if (!outTools.isEmpty()) {
      out.set("tools", outTools);
    }
    JsonNode choice = config.get("toolChoice");
    if (JsonTrees.absent(choice)) {
      return;
    }
    switch (BedrockToOpenAiMessages.member(choice, "toolConfig.toolChoice")) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "tool" -> {
        ObjectNode named = out.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", choice.path("tool").path("name").asText());
      }
      default ->
          throw TranslationException.unsupported(
              "toolConfig.toolChoice", BedrockToOpenAiMessages.BACKEND);
    }
  }

  /**
   * The Converse response for an OpenAI chat completion. Tool arguments that are not a JSON object
   * are the upstream's fault: {@link UpstreamResponseException}.
   */
  public ObjectNode response(JsonNode openAi, long latencyMs) {
    JsonNode choice = openAi.path("choices").path(0);
    JsonNode message = choice.path("message");
    ObjectNode out = JsonTrees.object();
    ObjectNode outMessage = out.putObject("output").putObject("message");
    outMessage.put("role", "assistant");
    ArrayNode content = outMessage.putArray("content");
    String text = JsonTrees.text(message.get("content"));
    String refusal = JsonTrees.text(message.get("refusal"));
    boolean refused = refusal != null && (text == null || text.isEmpty());
    if (text != null && !text.isEmpty()) {
      content.addObject().put("text", text);
    } else if (refused) {
      content.addObject().put("text", refusal);
    }
    for (JsonNode call : message.path("tool_calls")) {
      ObjectNode use = content.addObject().putObject("toolUse");
      use.put("toolUseId", call.path("id").asText())
          .put("name", call.path("function").path("name").asText());
      use.set("input", toolInput(call.path("function").path("arguments").asText("")));
    }
    if (content.isEmpty()) {
      // Clients read content[0]; an empty answer is one empty text block, as Bedrock sends it.
      content.addObject().put("text", "");
    }
    out.put(
        "stopReason",
        refused
            ? "content_filtered"
            : FinishReasons.bedrockFromOpenAi(choice.path("finish_reason").asText(null)));
    out.set("usage", TokenUsage.bedrock(openAi.get("usage")));
    out.putObject("metrics").put("latencyMs", latencyMs);
    return out;
  }

  static JsonNode toolInput(String arguments) {
    if (arguments.isBlank()) {
      return JsonTrees.object();
    }
    JsonNode parsed = JsonTrees.parseOrNull(arguments);
    if (parsed == null || !parsed.isObject()) {
      throw new UpstreamResponseException(
          ErrorMapping.openAi(
              502,
              "The upstream model returned tool arguments that are not JSON.",
              "api_error",
              "upstream_bad_response"));
    }
    return parsed;
  }

  /** A fresh state machine for one streamed response; {@code latencyMs} is read at its end. */
  public BedrockToOpenAiStream stream(LongSupplier latencyMs) {
    return new BedrockToOpenAiStream(latencyMs);
  }
}
