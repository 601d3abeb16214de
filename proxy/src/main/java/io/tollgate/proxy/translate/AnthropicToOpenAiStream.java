package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one OpenAI chat SSE stream into Anthropic's event sequence, one upstream chunk at a time:
 * message_start and a ping on the first chunk, one content block per text run or tool call, then
 * message_delta (stop reason, usage) and message_stop on {@code [DONE]}. OpenAI reports usage only
 * at the end, so message_start carries zero tokens and message_delta the real counts. Assumes
 * OpenAI's habit of streaming tool calls one after another. Not thread-safe.
 */
public final class AnthropicToOpenAiStream {

  private final String model;
  // OpenAI tool_calls index → Anthropic content block index.
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private int nextBlock;
  private int openBlock = -1;
  private boolean openIsText;
  private boolean started;
  private boolean finished;
  private boolean refusal;
  private String stopReason;
  private JsonNode usage;

  AnthropicToOpenAiStream(String model) {
    this.model = model;
  }

  /** The OpenAI {@code usage} object the upstream reported so far, or null. */
  public JsonNode usage() {
    return usage;
  }

  /** Whether the stream reached its end ({@code [DONE]} or an error); later input is ignored. */
  public boolean finished() {
    return finished;
  }

  /** The client bytes (UTF-8 text, possibly empty) for one upstream event. */
  public String accept(SseEvent event) {
    if (finished) {
      return "";
    }
    if ("[DONE]".equals(event.data().strip())) {
      return finish();
    }
    JsonNode chunk = JsonTrees.parseOrNull(event.data());
    if (chunk == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    if (chunk.has("error")) {
      finished = true;
      JsonNode error = chunk.get("error");
      int status = error.path("code").isInt() ? error.get("code").asInt() : 500;
      TranslatedError mapped =
          ErrorMapping.anthropicFromOpenAi(status, JsonTrees.text(error.get("message")));
      return event("error", mapped.body());
    }
    if (!started) {
      out.append(messageStart(chunk.path("id").asText("msg_unknown")));
    }
    if (chunk.hasNonNull("usage")) {
      usage = chunk.get("usage");
    }
    JsonNode choice = chunk.path("choices").path(0);
    JsonNode delta = choice.path("delta");
    text(out, JsonTrees.text(delta.get("content")));
    String refused = JsonTrees.text(delta.get("refusal"));
    if (refused != null && !refused.isEmpty()) {
      refusal = true;
      text(out, refused);
    }
    for (JsonNode call : delta.path("tool_calls")) {
      toolCall(out, call);
    }
    String finish = JsonTrees.text(choice.get("finish_reason"));
    if (finish != null) {
      closeBlock(out);
      stopReason = refusal ? "refusal" : FinishReasons.anthropicFromOpenAi(finish);
    }
    return out.toString();
  }

  /**
   * Call when the upstream ended. Returns an error event when it ended before {@code [DONE]}, so
   * the client never mistakes a cut stream for a complete one.
   */
  public String end() {
    if (finished) {
      return "";
    }
    finished = true;
    return event(
        "error",
        ErrorMapping.anthropic(502, "api_error", "The upstream stream ended unexpectedly.").body());
  }

  private String messageStart(String id) {
    started = true;
    ObjectNode start = JsonTrees.object().put("type", "message_start");
    ObjectNode message =
        start
            .putObject("message")
            .put("id", id)
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model);
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    message.set("usage", TokenUsage.anthropic(null));
    return event("message_start", start) + event("ping", JsonTrees.object().put("type", "ping"));
  }

  private void text(StringBuilder out, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    if (openBlock < 0 || !openIsText) {
      closeBlock(out);
      ObjectNode start = blockStart();
      start.putObject("content_block").put("type", "text").put("text", "");
      out.append(event("content_block_start", start));
      openIsText = true;
    }
    ObjectNode delta = blockEvent("content_block_delta", openBlock);
    delta.putObject("delta").put("type", "text_delta").put("text", text);
    out.append(event("content_block_delta", delta));
  }

  private void toolCall(StringBuilder out, JsonNode call) {
    int index = call.path("index").asInt();
    JsonNode fn = call.path("function");
    if (call.hasNonNull("id") || !toolBlocks.containsKey(index)) {
      closeBlock(out);
      ObjectNode start = blockStart();
      ObjectNode block =
          start
              .putObject("content_block")
              .put("type", "tool_use")
              .put("id", call.path("id").asText())
              .put("name", fn.path("name").asText());
      block.putObject("input");
      out.append(event("content_block_start", start));
      openIsText = false;
      toolBlocks.put(index, openBlock);
    }
    String arguments = JsonTrees.text(fn.get("arguments"));
    if (arguments != null && !arguments.isEmpty()) {
      ObjectNode delta = blockEvent("content_block_delta", toolBlocks.get(index));
      delta.putObject("delta").put("type", "input_json_delta").put("partial_json", arguments);
      out.append(event("content_block_delta", delta));
    }
  }

  private ObjectNode blockStart() {
    openBlock = nextBlock++;
    return blockEvent("content_block_start", openBlock);
  }

  private void closeBlock(StringBuilder out) {
    if (openBlock >= 0) {
      out.append(event("content_block_stop", blockEvent("content_block_stop", openBlock)));
      openBlock = -1;
    }
  }

  private String finish() {
    StringBuilder out = new StringBuilder();
    if (!started) {
      out.append(messageStart("msg_unknown"));
    }
    closeBlock(out);
    finished = true;
    ObjectNode delta = JsonTrees.object().put("type", "message_delta");
    delta
        .putObject("delta")
        .put("stop_reason", stopReason != null ? stopReason : "end_turn")
        .putNull("stop_sequence");
    delta.set("usage", TokenUsage.anthropic(usage));
    out.append(event("message_delta", delta));
    out.append(event("message_stop", JsonTrees.object().put("type", "message_stop")));
    return out.toString();
  }

  private static ObjectNode blockEvent(String type, int index) {
    return JsonTrees.object().put("type", type).put("index", index);
  }

  private static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + JsonTrees.write(data) + "\n\n";
  }
}
