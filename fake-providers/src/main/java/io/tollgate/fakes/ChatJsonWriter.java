package io.tollgate.fakes;

import io.vertx.core.buffer.Buffer;

/** Writes a non-streaming {@code chat.completion} body in OpenAI's key order. */
final class ChatJsonWriter {

  static final String SYSTEM_FINGERPRINT = "fp_fake0001";

  private ChatJsonWriter() {}

  static Buffer completion(ChatPlan plan, String id, long created) {
    StringBuilder sb = new StringBuilder(512 + plan.quotedPieces().size() * 16);
    sb.append("{\"id\":\"")
        .append(id)
        .append("\",\"object\":\"chat.completion\",\"created\":")
        .append(created)
        .append(",\"model\":\"")
        .append(plan.quotedModel())
        .append("\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
    if (plan.isToolCall()) {
      sb.append("null,\"tool_calls\":[{\"id\":\"")
          .append(plan.toolCallId())
          .append("\",\"type\":\"function\",\"function\":{\"name\":\"")
          .append(plan.quotedToolName())
          .append("\",\"arguments\":\"")
          .append(plan.quotedArguments())
          .append("\"}}]");
    } else {
      sb.append('"').append(plan.quotedText()).append('"');
    }
    sb.append(",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"")
        .append(plan.finishReason())
        .append("\"}],\"usage\":");
    Usage.append(sb, plan.promptTokens(), plan.completionTokens());
    sb.append(",\"service_tier\":\"default\",\"system_fingerprint\":\"")
        .append(SYSTEM_FINGERPRINT)
        .append("\"}");
    return Buffer.buffer(sb.toString());
  }
}
