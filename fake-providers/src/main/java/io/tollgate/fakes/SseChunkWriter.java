package io.tollgate.fakes;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders one chat completion as OpenAI's {@code chat.completion.chunk} SSE events, ending with
 * {@code data: [DONE]}. The envelope is built once per request and only the choice varies.
 */
final class SseChunkWriter {

  static final String DONE = "data: [DONE]\n\n";
  private static final String CHOICE_END = ",\"logprobs\":null,\"finish_reason\":null}";

  private SseChunkWriter() {}

  /** All events in order; the last one is always {@link #DONE}. */
  static List<String> events(ChatPlan plan, String id, long created) {
    String prefix =
        "data: {\"id\":\""
            + id
            + "\",\"object\":\"chat.completion.chunk\",\"created\":"
            + created
            + ",\"model\":\""
            + plan.quotedModel()
            + "\",\"service_tier\":\"default\",\"system_fingerprint\":\""
            + ChatJsonWriter.SYSTEM_FINGERPRINT
            + "\",\"choices\":[";
    // With include_usage OpenAI adds "usage":null to every chunk but the final usage one.
    String suffix = plan.includeUsage() ? "],\"usage\":null}\n\n" : "]}\n\n";
    List<String> events = new ArrayList<>(plan.quotedPieces().size() + 4);

    if (plan.isToolCall()) {
      events.add(
          prefix
              + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
              + "[{\"index\":0,\"id\":\""
              + plan.toolCallId()
              + "\",\"type\":\"function\",\"function\":{\"name\":\""
              + plan.quotedToolName()
              + "\",\"arguments\":\"\"}}],\"refusal\":null}"
              + CHOICE_END
              + suffix);
      for (String fragment : plan.quotedPieces()) {
        events.add(
            prefix
                + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                + fragment
                + "\"}}]}"
                + CHOICE_END
                + suffix);
      }
    } else {
      events.add(
          prefix
              + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"
              + CHOICE_END
              + suffix);
      for (String piece : plan.quotedPieces()) {
        events.add(
            prefix
                + "{\"index\":0,\"delta\":{\"content\":\""
                + piece
                + "\"}"
                + CHOICE_END
                + suffix);
      }
    }
    events.add(
        prefix
            + "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\""
            + plan.finishReason()
            + "\"}"
            + suffix);
    if (plan.includeUsage()) {
      StringBuilder usage = new StringBuilder(prefix).append("],\"usage\":");
      Usage.append(usage, plan.promptTokens(), plan.completionTokens()).append("}\n\n");
      events.add(usage.toString());
    }
    events.add(DONE);
    return events;
  }
}
