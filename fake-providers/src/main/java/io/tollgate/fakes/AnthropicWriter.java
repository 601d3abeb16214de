package io.tollgate.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Reply} as an Anthropic Messages response or as its SSE event sequence. */
final class AnthropicWriter {

  private AnthropicWriter() {}

  static String stopReason(Reply.Stop stop) {
    return switch (stop) {
      case END_TURN -> "end_turn";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case TOOL_USE -> "tool_use";
    };
  }

  /** The non-streaming {@code message} object. */
  static String message(Reply reply, String id, String model, int cacheRead, int cacheWrite) {
    ObjectNode msg = envelope(id, model);
    if (reply.isToolCall()) {
      ObjectNode block = msg.withArray("content").addObject();
      block.put("type", "tool_use").put("id", reply.toolId()).put("name", reply.toolName());
      block.set("input", parseArguments(reply.toolArguments()));
    } else {
      msg.withArray("content").addObject().put("type", "text").put("text", reply.text());
    }
    msg.put("stop_reason", stopReason(reply.stop()));
    msg.put("stop_sequence", reply.stopSequence());
    msg.set("usage", usage(reply.inputTokens(), reply.outputTokens(), cacheRead, cacheWrite));
    return write(msg);
  }

  /**
   * The SSE events of a streamed reply in Anthropic's order: message_start, content_block_start,
   * ping, content_block_delta…, content_block_stop, message_delta, message_stop.
   */
  static List<String> events(Reply reply, String id, String model, int cacheRead, int cacheWrite) {
    List<String> events = new ArrayList<>(reply.pieces().size() + 7);
    ObjectNode start = Json.MAPPER.createObjectNode().put("type", "message_start");
    ObjectNode msg = envelope(id, model);
    msg.putArray("content");
    msg.putNull("stop_reason");
    msg.putNull("stop_sequence");
    // Anthropic reports the whole input and one output token up front, then cumulative output.
    msg.set("usage", usage(reply.inputTokens(), 1, cacheRead, cacheWrite));
    start.set("message", msg);
    events.add(event("message_start", start));

    ObjectNode blockStart =
        Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", 0);
    ObjectNode block = blockStart.putObject("content_block");
    if (reply.isToolCall()) {
      block.put("type", "tool_use").put("id", reply.toolId()).put("name", reply.toolName());
      block.putObject("input");
    } else {
      block.put("type", "text").put("text", "");
    }
    events.add(event("content_block_start", blockStart));
    events.add(ping());
    for (String piece : reply.pieces()) {
      ObjectNode delta =
          Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
      if (reply.isToolCall()) {
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
      } else {
        delta.putObject("delta").put("type", "text_delta").put("text", piece);
      }
      events.add(event("content_block_delta", delta));
    }
    events.add(
        event(
            "content_block_stop",
            Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", 0)));
    ObjectNode messageDelta = Json.MAPPER.createObjectNode().put("type", "message_delta");
    messageDelta
        .putObject("delta")
        .put("stop_reason", stopReason(reply.stop()))
        .put("stop_sequence", reply.stopSequence());
    messageDelta.set(
        "usage", usage(reply.inputTokens(), reply.outputTokens(), cacheRead, cacheWrite));
    events.add(event("message_delta", messageDelta));
    events.add(event("message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop")));
    return events;
  }

  /** The {@code error} event Anthropic sends when a stream fails after the 200. */
  static String errorEvent(String type, String message) {
    return "event: error\ndata: " + AnthropicErrors.body(type, message) + "\n\n";
  }

  private static String ping() {
    return "event: ping\ndata: {\"type\": \"ping\"}\n\n";
  }

  private static ObjectNode envelope(String id, String model) {
    return Json.MAPPER
        .createObjectNode()
        .put("id", id)
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
  }

  private static ObjectNode usage(int input, int output, int cacheRead, int cacheWrite) {
    ObjectNode usage =
        Json.MAPPER
            .createObjectNode()
            .put("input_tokens", input)
            .put("cache_creation_input_tokens", cacheWrite)
            .put("cache_read_input_tokens", cacheRead);
    usage
        .putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", cacheWrite)
        .put("ephemeral_1h_input_tokens", 0);
    return usage.put("output_tokens", output).put("service_tier", "standard");
  }

  private static JsonNode parseArguments(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // The knob is documented as a JSON object; a broken one still yields a valid response.
      return Json.MAPPER.createObjectNode();
    }
  }

  private static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + write(data) + "\n\n";
  }

  private static String write(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
