package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One streamed answer translated into ConverseStream events, one upstream SSE event at a time,
 * whichever schema the upstream speaks. Not thread-safe: one instance per stream.
 */
public interface ConverseStreamTranslation {

  /** The client events (possibly none) for one upstream event. */
  List<BedrockEvent> accept(SseEvent upstream);

  /** Call when the upstream ended; an exception event when it ended before its end marker. */
  List<BedrockEvent> end();

  /** The Bedrock {@code usage} reported so far, or null. */
  ObjectNode usage();
}
