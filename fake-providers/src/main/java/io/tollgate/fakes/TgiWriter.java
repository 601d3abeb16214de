package io.tollgate.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Reply} in Hugging Face TGI's native shape: {@code [{"generated_text"}]}, or its
 * token SSE stream whose last event carries the whole text and the finish details.
 */
final class TgiWriter {

  private TgiWriter() {}

  static String finishReason(Reply.Stop stop) {
    return switch (stop) {
      case MAX_TOKENS -> "length";
      case STOP_SEQUENCE -> "stop_sequence";
      default -> "eos_token";
    };
  }

  /** The answer to {@code /invocations}; {@code details} when the request asked for them. */
  static String generated(Reply reply, boolean details) {
    ObjectNode item = Json.MAPPER.createArrayNode().addObject().put("generated_text", reply.text());
    if (details) {
      item.putObject("details")
          .put("finish_reason", finishReason(reply.stop()))
          .put("generated_tokens", reply.outputTokens())
          .putNull("seed")
          .putArray("prefill");
    }
    return "[" + BedrockWriter.write(item) + "]";
  }

  /** One {@code data:} event per piece; TGI writes no space after the colon. */
  static List<String> events(Reply reply) {
    List<String> events = new ArrayList<>(reply.pieces().size());
    List<String> pieces = reply.pieces().isEmpty() ? List.of("") : reply.pieces();
    for (int i = 0; i < pieces.size(); i++) {
      boolean last = i == pieces.size() - 1;
      ObjectNode event = Json.MAPPER.createObjectNode().put("index", i);
      event
          .putObject("token")
          .put("id", 1000 + i)
          .put("text", pieces.get(i))
          .put("logprob", -0.25)
          .put("special", false);
      if (last) {
        event.put("generated_text", reply.text());
        event
            .putObject("details")
            .put("finish_reason", finishReason(reply.stop()))
            .put("generated_tokens", reply.outputTokens())
            .putNull("seed");
      } else {
        event.putNull("generated_text").putNull("details");
      }
      events.add("data:" + BedrockWriter.write(event) + "\n\n");
    }
    return events;
  }
}
