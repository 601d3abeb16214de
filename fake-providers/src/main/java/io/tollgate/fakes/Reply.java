package io.tollgate.fakes;

import java.util.List;

/**
 * What a fake model answers, before any wire encoding: text split into stream pieces, or one tool
 * call whose JSON arguments are split into fragments.
 *
 * @param text the full reply text, or null for a tool call
 * @param pieces text deltas or argument fragments, concatenating to the whole
 * @param toolId the tool call id, or null
 * @param toolName the tool called, or null
 * @param toolArguments the full JSON arguments, or null
 * @param stop why the model stopped
 * @param stopSequence the stop sequence that ended the text, when {@code stop} is STOP_SEQUENCE
 */
record Reply(
    String text,
    List<String> pieces,
    String toolId,
    String toolName,
    String toolArguments,
    Stop stop,
    String stopSequence,
    int inputTokens,
    int outputTokens) {

  /** The neutral stop reasons; each fake spells them in its provider's vocabulary. */
  enum Stop {
    END_TURN,
    MAX_TOKENS,
    STOP_SEQUENCE,
    TOOL_USE
  }

  boolean isToolCall() {
    return toolName != null;
  }
}
