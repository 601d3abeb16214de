package io.tollgate.fakes;

import java.util.List;

/**
 * What the fake model answers to one chat request, already JSON-escaped for the writers.
 *
 * @param quotedModel the request's model, escaped, echoed in every response object
 * @param quotedText the reply text escaped, or null for a tool call
 * @param toolCallId id of the tool call, or null for a text reply
 * @param quotedToolName tool name escaped, or null
 * @param quotedArguments full tool arguments escaped, or null
 * @param quotedPieces content deltas (text) or argument fragments (tool call), escaped
 */
record ChatPlan(
    String quotedModel,
    boolean stream,
    boolean includeUsage,
    String quotedText,
    String toolCallId,
    String quotedToolName,
    String quotedArguments,
    List<String> quotedPieces,
    String finishReason,
    int promptTokens,
    int completionTokens) {

  boolean isToolCall() {
    return toolCallId != null;
  }
}
