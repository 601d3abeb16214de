package io.tollgate.fakes;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides the deterministic answer to a {@link Turn}: a tool call when a tool is to be used, the
 * tool result echoed after one, a fixed reply when set, otherwise the user's text echoed.
 */
final class ReplyPlanner {

  private final Knobs knobs;
  private final String toolIdPrefix;
  private final AtomicLong toolIds = new AtomicLong();

  ReplyPlanner(Knobs knobs, String toolIdPrefix) {
    this.knobs = knobs;
    this.toolIdPrefix = toolIdPrefix;
  }

  Reply plan(Turn turn) {
    int chunks = knobs.streamChunks;
    if (turn.toolName() != null && turn.toolResultText() == null) {
      String args = knobs.toolArguments;
      return new Reply(
          null,
          Words.split(args, chunks),
          toolIdPrefix + Long.toHexString(toolIds.incrementAndGet()),
          turn.toolName(),
          args,
          Reply.Stop.TOOL_USE,
          null,
          turn.promptTokens(),
          Words.count(args) + 1);
    }
    FixedReply fixed = knobs.fixedReply;
    String text;
    if (turn.toolResultText() != null) {
      text = ChatPlanner.TOOL_RESULT_PREFIX + turn.toolResultText();
    } else if (fixed != null) {
      text = fixed.text();
    } else {
      text = ChatPlanner.ECHO_PREFIX + turn.lastUserText();
    }
    Reply.Stop stop = Reply.Stop.END_TURN;
    String matched = null;
    for (String sequence : turn.stopSequences()) {
      int at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
      if (at >= 0) {
        // Like the real APIs, the stop sequence itself is not part of the text.
        text = text.substring(0, at);
        stop = Reply.Stop.STOP_SEQUENCE;
        matched = sequence;
        break;
      }
    }
    if (Words.count(text) > turn.maxTokens()) {
      text = Words.firstWords(text, turn.maxTokens());
      stop = Reply.Stop.MAX_TOKENS;
      matched = null;
    }
    List<String> pieces = Words.split(text, chunks);
    return new Reply(
        text,
        pieces,
        null,
        null,
        null,
        stop,
        matched,
        turn.promptTokens(),
        Math.max(1, Words.count(text)));
  }
}
