package io.tollgate.fakes;

import java.util.List;

/**
 * The schema-neutral facts a fake model needs from one request, extracted by each provider's
 * handler from its own wire shape.
 *
 * @param lastUserText text of the last user turn, echoed back
 * @param toolResultText text of a tool result when the last turn carries one, else null
 * @param toolName the tool to call (the forced one or the first offered), or null for text
 * @param maxTokens output limit in words, {@link Integer#MAX_VALUE} when unlimited
 * @param stopSequences sequences at which the reply text is cut
 * @param promptTokens the fake's count of prompt tokens
 */
record Turn(
    String lastUserText,
    String toolResultText,
    String toolName,
    int maxTokens,
    List<String> stopSequences,
    int promptTokens) {}
