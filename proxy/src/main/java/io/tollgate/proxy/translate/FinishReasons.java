package io.tollgate.proxy.translate;

/**
 * The finish/stop reason tables between OpenAI, Anthropic and Bedrock. Kept in one place so the
 * directions stay inverse where the vocabularies allow it.
 */
final class FinishReasons {

  private FinishReasons() {}

  /** Anthropic {@code stop_reason} → OpenAI {@code finish_reason}. */
  static String openAiFromAnthropic(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      // end_turn, stop_sequence, pause_turn (server tools paused; the turn is over for the client)
      default -> "stop";
    };
  }

  /**
   * OpenAI {@code finish_reason} → Bedrock Converse {@code stopReason}. Like Anthropic's, a matched
   * stop sequence cannot be told from a natural end.
   */
  static String bedrockFromOpenAi(String finishReason) {
    if (finishReason == null) {
      return "end_turn";
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "content_filtered";
      default -> "end_turn";
    };
  }

  /** Bedrock Converse {@code stopReason} → OpenAI {@code finish_reason}. */
  static String openAiFromBedrock(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      // end_turn, stop_sequence and reasons newer than this table
      default -> "stop";
    };
  }

  /** OpenAI {@code finish_reason} → Anthropic {@code stop_reason}. */
  static String anthropicFromOpenAi(String finishReason) {
    if (finishReason == null) {
      return "end_turn";
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      // OpenAI's "stop" does not say whether a stop sequence matched: end_turn is the honest one.
      default -> "end_turn";
    };
  }

  /** TGI {@code details.finish_reason} → OpenAI {@code finish_reason}. */
  static String openAiFromTgi(String finishReason) {
    return "length".equals(finishReason) ? "length" : "stop"; // eos_token, stop_sequence
  }
}
