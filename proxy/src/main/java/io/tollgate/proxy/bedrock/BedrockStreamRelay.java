package io.tollgate.proxy.bedrock;

import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.SseEventSplitter;
import io.tollgate.proxy.openai.Usage;
import io.tollgate.proxy.translate.BedrockEvent;
import io.tollgate.proxy.translate.ConverseStreamTranslation;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Relays an upstream SSE stream (OpenAI or Anthropic) to a Bedrock client as event-stream frames:
 * the upstream bytes are cut into whole events, each is translated into ConverseStream events, and
 * those are framed. The usage is read back from the Bedrock side, where the translation put it.
 */
final class BedrockStreamRelay implements BackendDialect.StreamRelay {

  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final ConverseStreamTranslation translation;
  private final SseEventSplitter events = new SseEventSplitter();

  BedrockStreamRelay(ConverseStreamTranslation translation) {
    this.translation = translation;
  }

  @Override
  public Buffer accept(Buffer upstream) {
    Buffer out = Buffer.buffer();
    events.feed(
        upstream, event -> frame(translation.accept(SseEvent.parse(event.toString())), out));
    return out;
  }

  @Override
  public Buffer end() {
    Buffer out = Buffer.buffer();
    Buffer rest = events.takePending();
    if (rest != null && rest.length() > 0) {
      frame(translation.accept(SseEvent.parse(rest.toString())), out);
    }
    frame(translation.end(), out);
    return out;
  }

  @Override
  public Usage usage() {
    return BedrockUsage.of(translation.usage());
  }

  @Override
  public String contentType() {
    return EVENT_STREAM;
  }

  private static void frame(List<BedrockEvent> events, Buffer out) {
    for (BedrockEvent event : events) {
      out.appendBuffer(EventStreamEncoder.encode(event));
    }
  }
}
