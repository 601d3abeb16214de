package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * OpenAI chat clients served by an Amazon Bedrock backend through the Converse API: request,
 * response and (via {@link #stream}) event translation. Converse is one API over many model
 * families, so the translation leaves model-specific limits (temperature range, stop-sequence
 * count, tool choice support) to Bedrock, which answers with a 400 naming them; parameters Converse
 * has no field for are rejected with a 400 naming them, or dropped where dropping cannot change the
 * answer. docs/providers.md lists which.
 */
public final class OpenAiToBedrockTranslator {

  private final Clock clock;
  private final Supplier<String> ids;

  /** With {@code chatcmpl-…} ids, since Converse answers carry none. */
  public OpenAiToBedrockTranslator(Clock clock) {
    this(clock, () -> "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** With the response ids {@code ids} hands out (tests, composed pairs). */
  public OpenAiToBedrockTranslator(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * The Converse request body for an OpenAI chat request. The model id and whether the answer
   * streams are not part of it: the call carries them. Throws {@link TranslationException}.
   */
  public ObjectNode request(JsonNode openAi) {
    if (openAi == null || !openAi.isObject()) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    checkParameters(openAi);
    OpenAiToBedrockMessages messages = OpenAiToBedrockMessages.of(openAi.get("messages"));
    ObjectNode out = JsonTrees.object();
    if (!messages.system.isEmpty()) {
      out.set("system", messages.system);
    }
    out.set("messages", messages.messages);
    ObjectNode inference = inference(openAi);
    if (!inference.isEmpty()) {
      out.set("inferenceConfig", inference);
    }
    tools(openAi, messages.usesTools, out);
    return out;
  }

  /** Converse has no switch for parallel tool calls: only their default passes. */
  private static void checkParameters(JsonNode in) {
    OpenAiParameters.check(
        in,
        OpenAiToBedrockMessages.BACKEND,
        (name, v) ->
            switch (name) {
              case "tools", "tool_choice" -> true;
              case "parallel_tool_calls" -> JsonTrees.absent(v) || v.asBoolean(true);
              default -> null;
            });
  }

  /**
   * Limits and sampling. Without a client limit no {@code maxTokens} is sent: Converse does not
   * require one, and the model's own default is the honest answer to "no limit".
   */
  private static ObjectNode inference(JsonNode in) {
    ObjectNode out = JsonTrees.object();
    JsonNode max = in.get("max_completion_tokens");
    if (JsonTrees.absent(max)) {
      max = in.get("max_tokens");
    }
    if (!JsonTrees.absent(max)) {
      out.put("maxTokens", max.asLong());
    }
    copyNumber(in, "temperature", out, "temperature");
    copyNumber(in, "top_p", out, "topP");
    JsonNode stop = in.get("stop");
    if (stop != null && stop.isTextual()) {
      out.putArray("stopSequences").add(stop.asText());
    } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
      out.set("stopSequences", stop);
    }
    return out;
  }

  private static void copyNumber(JsonNode in, String field, ObjectNode out, String as) {
    JsonNode v = in.get(field);
    if (v != null && v.isNumber()) {
      out.set(as, v);
    }
  }

  private static void tools(JsonNode in, boolean conversationUsesTools, ObjectNode out) {
    JsonNode tools = in.get("tools");
    JsonNode choice = in.get("tool_choice");
    if (JsonTrees.absent(tools) || tools.isEmpty()) {
      if (!JsonTrees.absent(choice)) {
        throw new TranslationException(
            "tool_choice", "'tool_choice' is only allowed when 'tools' are specified.");
      }
      return;
    }
    if (choice != null && "none".equals(choice.asText())) {
      // Converse cannot forbid tool calls; leaving the tools out does, unless the conversation
      // already holds tool calls, for which Bedrock requires the tool definitions.
      if (conversationUsesTools) {
        throw new TranslationException(
            "tool_choice",
            "'tool_choice: none' is not supported when the model is served by "
                + OpenAiToBedrockMessages.BACKEND
                + " and the conversation holds tool calls.");
      }
      return;
    }
    ObjectNode config = out.putObject("toolConfig");
    ArrayNode outTools = config.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!"function".equals(JsonTrees.text(tool.get("type")))) {
        throw TranslationException.unsupported(
            "tools[" + i + "].type", OpenAiToBedrockMessages.BACKEND);
      }
      JsonNode fn = tool.path("function");
      ObjectNode spec = outTools.addObject().putObject("toolSpec");
      spec.put("name", fn.path("name").asText());
      if (fn.hasNonNull("description")) {
        spec.put("description", fn.get("description").asText());
      }
      JsonNode schema = fn.get("parameters");
      if (JsonTrees.absent(schema)) {
        schema = JsonTrees.object().put("type", "object").set("properties", JsonTrees.object());
      }
      spec.putObject("inputSchema").set("json", schema);
    }
    ObjectNode outChoice = toolChoice(choice);
    if (outChoice != null) {
      config.set("toolChoice", outChoice);
    }
  }

  private static ObjectNode toolChoice(JsonNode choice) {
    if (JsonTrees.absent(choice)) {
      return null;
    }
    ObjectNode out = JsonTrees.object();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> out.putObject("auto");
        case "required" -> out.putObject("any");
        default -> throw new TranslationException("tool_choice", "Unknown 'tool_choice' value.");
      }
      return out;
    }
    String name = JsonTrees.text(choice.path("function").get("name"));
    if (!"function".equals(JsonTrees.text(choice.get("type"))) || name == null) {
      throw TranslationException.unsupported("tool_choice", OpenAiToBedrockMessages.BACKEND);
    }
    out.putObject("tool").put("name", name);
    return out;
  }

  /** The OpenAI {@code chat.completion} for a Converse response. */
  public ObjectNode response(JsonNode converse, String clientModel) {
    ObjectNode out =
        JsonTrees.object()
            .put("id", ids.get())
            .put("object", "chat.completion")
            .put("created", clock.instant().getEpochSecond())
            .put("model", clientModel);
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JsonTrees.MAPPER.createArrayNode();
    for (JsonNode block : converse.path("output").path("message").path("content")) {
      if (block.has("text")) {
        text.append(block.get("text").asText());
      } else if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        ObjectNode call =
            calls.addObject().put("id", use.path("toolUseId").asText()).put("type", "function");
        call.putObject("function")
            .put("name", use.path("name").asText())
            .put("arguments", JsonTrees.write(use.path("input")));
      }
      // reasoningContent and other blocks have no OpenAI chat field
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
        "finish_reason", FinishReasons.openAiFromBedrock(converse.path("stopReason").asText(null)));
    out.set("usage", usage(converse.path("usage")));
    return out;
  }

  /** Bedrock counts cache reads and writes apart from {@code inputTokens}; OpenAI's prompt all. */
  static ObjectNode usage(JsonNode bedrock) {
    return TokenUsage.openAi(
        bedrock.path("inputTokens").asLong(),
        bedrock.path("cacheReadInputTokens").asLong(),
        bedrock.path("cacheWriteInputTokens").asLong(),
        bedrock.path("outputTokens").asLong());
  }

  /** A fresh state machine for one streamed response. */
  public OpenAiToBedrockStream stream(String clientModel, boolean includeUsage) {
    return new OpenAiToBedrockStream(
        ids.get(), clientModel, includeUsage, clock.instant().getEpochSecond());
  }
}
