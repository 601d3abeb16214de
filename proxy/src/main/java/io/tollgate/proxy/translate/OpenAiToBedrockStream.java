package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one ConverseStream into OpenAI {@code chat.completion.chunk} events, one Bedrock event at a
 * time (in the text form of {@link BedrockEvent#toSse()}): messageStart → role chunk, text deltas →
 * content chunks, a tool-use block start → the first tool-call delta (id, name), its input
 * fragments → argument deltas, messageStop → the finish chunk, metadata → the usage chunk (with
 * {@code include_usage}) and {@code [DONE]}. An exception event becomes an OpenAI error chunk and
 * ends the stream, as does an early end. Not thread-safe: one instance per stream.
 */
public final class OpenAiToBedrockStream {

  private static final String DONE = "data: [DONE]\n\n";

  private final String id;
  private final String model;
  private final boolean includeUsage;
  private final long created;
  // Bedrock content block index → OpenAI tool_calls index, for tool-use blocks only.
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private JsonNode usage;
  private boolean stopped;
  private boolean finished;

  OpenAiToBedrockStream(String id, String model, boolean includeUsage, long created) {
    this.id = id;
    this.model = model;
    this.includeUsage = includeUsage;
    this.created = created;
  }

  /** The OpenAI {@code usage} the stream reported so far, or null. */
  public JsonNode usage() {
    return usage;
  }

  /** The client bytes (UTF-8 text, possibly empty) for one Bedrock event. */
  public String accept(SseEvent upstream) {
    BedrockEvent event = finished ? null : BedrockEvent.fromSse(upstream);
    if (event == null) {
      return "";
    }
    if (event.exception()) {
      finished = true;
      return data(
          ErrorMapping.openAiFromBedrock(
                  event.type(), JsonTrees.text(event.payload().get("message")))
              .body());
    }
    JsonNode payload = event.payload();
    return switch (event.type()) {
      case "messageStart" -> chunk(JsonTrees.object().put("role", "assistant").put("content", ""));
      case "contentBlockStart" -> blockStart(payload);
      case "contentBlockDelta" -> blockDelta(payload);
      case "messageStop" -> messageStop(payload);
      case "metadata" -> metadata(payload);
      // contentBlockStop and events newer than this translation carry nothing for OpenAI.
      default -> "";
    };
  }

  /**
   * Call when the upstream ended. A stream that stopped but sent no metadata is complete, without a
   * usage chunk; one that did not stop gets an error event, so a cut stream never looks complete.
   */
  public String end() {
    if (finished) {
      return "";
    }
    if (stopped) {
      return finish();
    }
    finished = true;
    return data(
        ErrorMapping.openAi(
                502, "The upstream stream ended unexpectedly.", "server_error", "upstream_error")
            .body());
  }

  private String blockStart(JsonNode payload) {
    JsonNode toolUse = payload.path("start").get("toolUse");
    if (toolUse == null) {
      return "";
    }
    int toolIndex = toolIndexes.size();
    toolIndexes.put(payload.path("contentBlockIndex").asInt(), toolIndex);
    ObjectNode call =
        JsonTrees.object()
            .put("index", toolIndex)
            .put("id", toolUse.path("toolUseId").asText())
            .put("type", "function");
    call.putObject("function").put("name", toolUse.path("name").asText()).put("arguments", "");
    return toolDelta(call);
  }

  private String blockDelta(JsonNode payload) {
    JsonNode delta = payload.path("delta");
    String text = JsonTrees.text(delta.get("text"));
    if (text != null) {
      return text.isEmpty() ? "" : chunk(JsonTrees.object().put("content", text));
    }
    String input = JsonTrees.text(delta.path("toolUse").get("input"));
    Integer toolIndex = toolIndexes.get(payload.path("contentBlockIndex").asInt());
    if (input == null || input.isEmpty() || toolIndex == null) {
      return ""; // reasoning and citation deltas have no OpenAI chat field
    }
    ObjectNode call = JsonTrees.object().put("index", toolIndex);
    call.putObject("function").put("arguments", input);
    return toolDelta(call);
  }

  private String messageStop(JsonNode payload) {
    stopped = true;
    String finish = FinishReasons.openAiFromBedrock(payload.path("stopReason").asText(null));
    String out = finishChunk(finish);
    return usage != null ? out + finish() : out;
  }

  /** Bedrock sends metadata after messageStop; should it come first, the stop finishes. */
  private String metadata(JsonNode payload) {
    usage = OpenAiToBedrockTranslator.usage(payload.path("usage"));
    return stopped ? finish() : "";
  }

  /** The usage chunk (asked for, and known) and {@code [DONE]}. */
  private String finish() {
    finished = true;
    if (!includeUsage || usage == null) {
      return DONE;
    }
    ObjectNode chunk = envelope();
    chunk.putArray("choices");
    chunk.set("usage", usage);
    return data(chunk) + DONE;
  }

  private String toolDelta(ObjectNode call) {
    ObjectNode delta = JsonTrees.object();
    delta.putArray("tool_calls").add(call);
    return chunk(delta);
  }

  private String chunk(ObjectNode delta) {
    return chunk(delta, null);
  }

  private String finishChunk(String finishReason) {
    return chunk(JsonTrees.object(), finishReason);
  }

  private String chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope();
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return data(chunk);
  }

  private ObjectNode envelope() {
    return JsonTrees.object()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }

  private static String data(JsonNode node) {
    return "data: " + JsonTrees.write(node) + "\n\n";
  }
}
