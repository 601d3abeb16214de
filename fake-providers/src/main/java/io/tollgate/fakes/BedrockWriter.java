package io.tollgate.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Reply} as a Bedrock Converse response or as ConverseStream event frames. */
final class BedrockWriter {

  private BedrockWriter() {}

  static String stopReason(Reply.Stop stop) {
    return switch (stop) {
      case END_TURN -> "end_turn";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case TOOL_USE -> "tool_use";
    };
  }

  /** The Converse response body. */
  static String converse(Reply reply, int cacheRead, int cacheWrite, long latencyMs) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("metrics").put("latencyMs", latencyMs);
    ObjectNode message = root.putObject("output").putObject("message");
    ObjectNode block = message.putArray("content").addObject();
    if (reply.isToolCall()) {
      ObjectNode toolUse = block.putObject("toolUse");
      toolUse.put("toolUseId", reply.toolId()).put("name", reply.toolName());
      toolUse.set("input", parse(reply.toolArguments()));
    } else {
      block.put("text", reply.text());
    }
    message.put("role", "assistant");
    root.put("stopReason", stopReason(reply.stop()));
    root.set("usage", usage(reply, cacheRead, cacheWrite));
    return write(root);
  }

  /**
   * The ConverseStream frames: messageStart, contentBlockStart (tool use only; Bedrock sends none
   * for text), contentBlockDelta…, contentBlockStop, messageStop, metadata.
   */
  static List<Buffer> stream(Reply reply, int cacheRead, int cacheWrite, long latencyMs) {
    List<Buffer> frames = new ArrayList<>(reply.pieces().size() + 6);
    frames.add(EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"));
    if (reply.isToolCall()) {
      ObjectNode start = Json.MAPPER.createObjectNode();
      start
          .putObject("start")
          .putObject("toolUse")
          .put("toolUseId", reply.toolId())
          .put("name", reply.toolName());
      start.put("contentBlockIndex", 0);
      frames.add(EventStreamFrames.event("contentBlockStart", write(start)));
    }
    for (String piece : reply.pieces()) {
      ObjectNode delta = Json.MAPPER.createObjectNode();
      if (reply.isToolCall()) {
        delta.putObject("delta").putObject("toolUse").put("input", piece);
      } else {
        delta.putObject("delta").put("text", piece);
      }
      delta.put("contentBlockIndex", 0);
      frames.add(EventStreamFrames.event("contentBlockDelta", write(delta)));
    }
    frames.add(EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"));
    frames.add(
        EventStreamFrames.event(
            "messageStop", "{\"stopReason\":\"" + stopReason(reply.stop()) + "\"}"));
    ObjectNode metadata = Json.MAPPER.createObjectNode();
    metadata.set("usage", usage(reply, cacheRead, cacheWrite));
    metadata.putObject("metrics").put("latencyMs", latencyMs);
    frames.add(EventStreamFrames.event("metadata", write(metadata)));
    return frames;
  }

  private static ObjectNode usage(Reply reply, int cacheRead, int cacheWrite) {
    ObjectNode usage =
        Json.MAPPER
            .createObjectNode()
            .put("inputTokens", reply.inputTokens())
            .put("outputTokens", reply.outputTokens())
            .put(
                "totalTokens", reply.inputTokens() + reply.outputTokens() + cacheRead + cacheWrite);
    // Bedrock only reports cache fields when prompt caching took part.
    if (cacheRead > 0 || cacheWrite > 0) {
      usage.put("cacheReadInputTokens", cacheRead).put("cacheWriteInputTokens", cacheWrite);
    }
    return usage;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  static String write(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
