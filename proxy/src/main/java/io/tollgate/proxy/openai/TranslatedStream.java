package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Pricing;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stream relay of a pair that translates into OpenAI's schema: upstream bytes are cut into SSE
 * events however they arrived, each event becomes OpenAI chunk text, and that text runs through
 * {@code openAi}, the relay an OpenAI-schema stream would get (usage read on the way, the usage
 * chunk only when the client asked, the cost). An event still unfinished when the upstream ends is
 * translated too.
 */
final class TranslatedStream implements BackendDialect.StreamRelay {

  private final SseEventSplitter events = new SseEventSplitter();
  private final Function<SseEvent, String> translate;
  private final Supplier<String> end;
  private final BackendDialect.StreamRelay openAi;

  /**
   * @param translate OpenAI chunk text (possibly empty) for one upstream event
   * @param end OpenAI chunk text when the upstream ended (an error event when it was cut short)
   */
  TranslatedStream(
      Function<SseEvent, String> translate,
      Supplier<String> end,
      BackendDialect.StreamRelay openAi) {
    this.translate = translate;
    this.end = end;
    this.openAi = openAi;
  }

  @Override
  public Buffer accept(Buffer upstream) {
    StringBuilder out = new StringBuilder();
    events.feed(upstream, event -> out.append(translate.apply(SseEvent.parse(event.toString()))));
    return out.isEmpty() ? Buffer.buffer() : openAi.accept(Buffer.buffer(out.toString()));
  }

  @Override
  public Buffer end() {
    StringBuilder out = new StringBuilder();
    Buffer rest = events.takePending();
    if (rest != null && rest.length() > 0) {
      out.append(translate.apply(SseEvent.parse(rest.toString())));
    }
    out.append(end.get());
    Buffer tail = out.isEmpty() ? Buffer.buffer() : openAi.accept(Buffer.buffer(out.toString()));
    return tail.appendBuffer(openAi.end());
  }

  @Override
  public Usage usage() {
    return openAi.usage();
  }

  @Override
  public void priceWith(Pricing pricing) {
    openAi.priceWith(pricing);
  }

  @Override
  public String contentType() {
    return openAi.contentType();
  }
}
