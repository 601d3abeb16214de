package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one Anthropic SSE stream into OpenAI {@code chat.completion.chunk} events, one upstream
 * event at a time. Tool-use blocks become tool-call deltas numbered from 0 in block order; the
 * finish chunk follows {@code message_delta}; with {@code include_usage} a usage-only chunk comes
 * before {@code [DONE]}. Not thread-safe: one instance per stream.
 */
public final class OpenAiToAnthropicStream {

  private final OpenAiChunks chunks;
  // Anthropic content block index → OpenAI tool_calls index, for tool_use blocks only.
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private long inputTokens;
  private long cacheRead;
  private long cacheWrite;
  private long outputTokens;
  private boolean finished;

  OpenAiToAnthropicStream(String model, boolean includeUsage, long created) {
    this.chunks = new OpenAiChunks("chatcmpl-unknown", model, created, includeUsage);
  }

  /** Whether the stream reached its end (message_stop or an error); later input is ignored. */
  public boolean finished() {
    return finished;
  }

  /** The client bytes (UTF-8 text, possibly empty) for one upstream event. */
  public String accept(SseEvent event) {
    if (finished) {
      return "";
    }
    JsonNode data = JsonTrees.parseOrNull(event.data());
    String type =
        event.event() != null ? event.event() : data == null ? "" : data.path("type").asText();
    if (data == null) {
      return "";
    }
    return switch (type) {
      case "message_start" -> messageStart(data.path("message"));
      case "content_block_start" -> blockStart(data);
      case "content_block_delta" -> blockDelta(data);
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> messageStop();
      case "error" -> error(data);
      // ping, content_block_stop and unknown future events carry nothing for OpenAI clients.
      default -> "";
    };
  }

  /**
   * Call when the upstream ended. Returns an error event when it ended before {@code message_stop},
   * so the client never mistakes a cut stream for a complete one.
   */
  public String end() {
    if (finished) {
      return "";
    }
    finished = true;
    return OpenAiChunks.endedEarly();
  }

  private String messageStart(JsonNode message) {
    JsonNode id = message.get("id");
    if (id != null && id.isTextual()) {
      chunks.id(id.asText());
    }
    readUsage(message.path("usage"));
    return chunks.role();
  }

  private String blockStart(JsonNode data) {
    JsonNode block = data.path("content_block");
    String type = block.path("type").asText();
    if ("tool_use".equals(type)) {
      int toolIndex = toolIndexes.size();
      toolIndexes.put(data.path("index").asInt(), toolIndex);
      ObjectNode call =
          JsonTrees.object()
              .put("index", toolIndex)
              .put("id", block.path("id").asText())
              .put("type", "function");
      call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
      return chunks.toolCall(call);
    }
    if ("text".equals(type) && !block.path("text").asText().isEmpty()) {
      return chunks.content(block.path("text").asText());
    }
    return "";
  }

  private String blockDelta(JsonNode data) {
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText()) {
      case "text_delta" -> {
        return chunks.content(delta.path("text").asText());
      }
      case "input_json_delta" -> {
        Integer toolIndex = toolIndexes.get(data.path("index").asInt());
        String partial = delta.path("partial_json").asText();
        if (toolIndex == null || partial.isEmpty()) {
          return "";
        }
        ObjectNode call = JsonTrees.object().put("index", toolIndex);
        call.putObject("function").put("arguments", partial);
        return chunks.toolCall(call);
      }
      default -> {
        return ""; // thinking and signature deltas have no OpenAI chat field
      }
    }
  }

  private String messageDelta(JsonNode data) {
    readUsage(data.path("usage"));
    String finish =
        FinishReasons.openAiFromAnthropic(data.path("delta").path("stop_reason").asText(null));
    return chunks.finish(finish);
  }

  private String messageStop() {
    finished = true;
    return chunks.done(TokenUsage.openAi(inputTokens, cacheRead, cacheWrite, outputTokens));
  }

  private String error(JsonNode data) {
    finished = true;
    JsonNode error = data.path("error");
    TranslatedError mapped =
        ErrorMapping.openAiFromAnthropic(
            0, JsonTrees.text(error.get("type")), JsonTrees.text(error.get("message")));
    return OpenAiChunks.data(mapped.body());
  }

  /** Anthropic repeats or updates counters; output is cumulative, so the last value wins. */
  private void readUsage(JsonNode usage) {
    if (usage.has("input_tokens")) {
      inputTokens = usage.get("input_tokens").asLong();
    }
    if (usage.has("cache_read_input_tokens")) {
      cacheRead = usage.get("cache_read_input_tokens").asLong();
    }
    if (usage.has("cache_creation_input_tokens")) {
      cacheWrite = usage.get("cache_creation_input_tokens").asLong();
    }
    if (usage.has("output_tokens")) {
      outputTokens = usage.get("output_tokens").asLong();
    }
  }
}
