package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
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

  private final OpenAiChunks chunks;
  // Bedrock content block index → OpenAI tool_calls index, for tool-use blocks only.
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private JsonNode usage;
  private boolean stopped;
  private boolean finished;

  OpenAiToBedrockStream(String id, String model, boolean includeUsage, long created) {
    this.chunks = new OpenAiChunks(id, model, created, includeUsage);
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
      return OpenAiChunks.data(
          ErrorMapping.openAiFromBedrock(
                  event.type(), JsonTrees.text(event.payload().get("message")))
              .body());
    }
    JsonNode payload = event.payload();
    return switch (event.type()) {
      case "messageStart" -> chunks.role();
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
    return OpenAiChunks.endedEarly();
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
    return chunks.toolCall(call);
  }

  private String blockDelta(JsonNode payload) {
    JsonNode delta = payload.path("delta");
    String text = JsonTrees.text(delta.get("text"));
    if (text != null) {
      return text.isEmpty() ? "" : chunks.content(text);
    }
    String input = JsonTrees.text(delta.path("toolUse").get("input"));
    Integer toolIndex = toolIndexes.get(payload.path("contentBlockIndex").asInt());
    if (input == null || input.isEmpty() || toolIndex == null) {
      return ""; // reasoning and citation deltas have no OpenAI chat field
    }
    ObjectNode call = JsonTrees.object().put("index", toolIndex);
    call.putObject("function").put("arguments", input);
    return chunks.toolCall(call);
  }

  private String messageStop(JsonNode payload) {
    stopped = true;
    String finish = FinishReasons.openAiFromBedrock(payload.path("stopReason").asText(null));
    String out = chunks.finish(finish);
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
    return chunks.done(usage);
  }
}
