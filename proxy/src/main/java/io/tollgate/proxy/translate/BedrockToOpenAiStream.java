package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns one OpenAI chat SSE stream into ConverseStream events, one upstream chunk at a time:
 * messageStart on the first chunk; per text run a content block of deltas (Bedrock sends no
 * contentBlockStart for text); per tool call contentBlockStart with its id and name, then input
 * fragments; contentBlockStop for every block; messageStop on the finish reason, and metadata
 * (usage, latency) on {@code [DONE]}. An error chunk or an early end becomes an exception event, so
 * a cut stream never looks complete. Not thread-safe: one instance per stream.
 */
public final class BedrockToOpenAiStream implements ConverseStreamTranslation {

  private final LongSupplier latencyMs;
  // OpenAI tool_calls index → Bedrock content block index.
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private final Map<Integer, String> toolIds = new HashMap<>();
  private int nextBlock;
  private int openBlock = -1;
  private boolean openIsText;
  private boolean started;
  private boolean stopped;
  private boolean finished;
  private boolean refusal;
  private ObjectNode usage;

  BedrockToOpenAiStream(LongSupplier latencyMs) {
    this.latencyMs = latencyMs;
  }

  @Override
  public ObjectNode usage() {
    return usage;
  }

  /** Whether the stream reached its end ({@code [DONE]} or an error); later input is ignored. */
  public boolean finished() {
    return finished;
  }

  @Override
  public List<BedrockEvent> accept(SseEvent event) {
    List<BedrockEvent> out = new ArrayList<>(2);
    if (finished) {
      return out;
    }
    if ("[DONE]".equals(event.data().strip())) {
      finish(out);
      return out;
    }
    JsonNode chunk = JsonTrees.parseOrNull(event.data());
    if (chunk == null) {
      return out;
    }
    if (chunk.has("error")) {
      finished = true;
      out.add(exception(chunk.get("error")));
      return out;
    }
    if (!started) {
      messageStart(out);
    }
    if (chunk.hasNonNull("usage")) {
      usage = TokenUsage.bedrock(chunk.get("usage"));
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
    if (finish != null && !stopped) {
      closeBlock(out);
      stopped = true;
      String reason = refusal ? "content_filtered" : FinishReasons.bedrockFromOpenAi(finish);
      out.add(BedrockEvent.event("messageStop", JsonTrees.object().put("stopReason", reason)));
    }
    return out;
  }

  @Override
  public List<BedrockEvent> end() {
    if (finished) {
      return List.of();
    }
    finished = true;
    return List.of(
        BedrockEvent.exception(
            "modelStreamErrorException", "The upstream stream ended unexpectedly."));
  }

  private void messageStart(List<BedrockEvent> out) {
    started = true;
    out.add(BedrockEvent.event("messageStart", JsonTrees.object().put("role", "assistant")));
  }

  private void text(List<BedrockEvent> out, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    if (openBlock < 0 || !openIsText) {
      closeBlock(out);
      openBlock = nextBlock++;
      openIsText = true;
    }
    ObjectNode delta = JsonTrees.object().put("contentBlockIndex", openBlock);
    delta.putObject("delta").put("text", text);
    out.add(BedrockEvent.event("contentBlockDelta", delta));
  }

  private void toolCall(List<BedrockEvent> out, JsonNode call) {
    int index = call.path("index").asInt();
    JsonNode fn = call.path("function");
    String id = JsonTrees.text(call.get("id"));
    // Some OpenAI-compatible servers repeat the id on every fragment: only a new one starts a call.
    if (!toolBlocks.containsKey(index) || (id != null && !id.equals(toolIds.get(index)))) {
      closeBlock(out);
      openBlock = nextBlock++;
      openIsText = false;
      toolBlocks.put(index, openBlock);
      toolIds.put(index, id);
      ObjectNode start = JsonTrees.object().put("contentBlockIndex", openBlock);
      start
          .putObject("start")
          .putObject("toolUse")
          .put("toolUseId", id != null ? id : "")
          .put("name", fn.path("name").asText());
      out.add(BedrockEvent.event("contentBlockStart", start));
    }
    String arguments = JsonTrees.text(fn.get("arguments"));
    if (arguments != null && !arguments.isEmpty()) {
      ObjectNode delta = JsonTrees.object().put("contentBlockIndex", toolBlocks.get(index));
      delta.putObject("delta").putObject("toolUse").put("input", arguments);
      out.add(BedrockEvent.event("contentBlockDelta", delta));
    }
  }

  private void closeBlock(List<BedrockEvent> out) {
    if (openBlock >= 0) {
      out.add(
          BedrockEvent.event(
              "contentBlockStop", JsonTrees.object().put("contentBlockIndex", openBlock)));
      openBlock = -1;
    }
  }

  private void finish(List<BedrockEvent> out) {
    if (!started) {
      messageStart(out);
    }
    closeBlock(out);
    if (!stopped) {
      stopped = true;
      out.add(BedrockEvent.event("messageStop", JsonTrees.object().put("stopReason", "end_turn")));
    }
    finished = true;
    ObjectNode metadata = JsonTrees.object();
    metadata.set("usage", usage != null ? usage : TokenUsage.bedrock(null));
    metadata.putObject("metrics").put("latencyMs", latencyMs.getAsLong());
    out.add(BedrockEvent.event("metadata", metadata));
  }

  /**
   * An upstream error chunk as the ConverseStream exception the SDKs know: throttling and overload
   * keep their meaning (clients back off on them), anything else is a model stream error.
   */
  private static BedrockEvent exception(JsonNode error) {
    String message = JsonTrees.text(error.get("message"));
    String code = JsonTrees.text(error.get("code"));
    String type = JsonTrees.text(error.get("type"));
    String kind =
        "rate_limit_exceeded".equals(code) || "rate_limit_error".equals(type)
            ? "throttlingException"
            : "upstream_overloaded".equals(code) || "overloaded_error".equals(type)
                ? "serviceUnavailableException"
                : "modelStreamErrorException";
    return BedrockEvent.exception(kind, message != null ? message : "The upstream stream failed.");
  }
}
