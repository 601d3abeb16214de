package io.tollgate.proxy.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.DialectJson;
import io.tollgate.proxy.openai.OpenAiResponses;
import io.tollgate.proxy.openai.SseEventSplitter;
import io.tollgate.proxy.openai.Usage;
import io.tollgate.proxy.translate.AnthropicToOpenAiStream;
import io.tollgate.proxy.translate.AnthropicToOpenAiTranslator;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic client to an OpenAI-schema backend (OpenAI, Azure OpenAI, OpenAI-compatible), through
 * {@link AnthropicToOpenAiTranslator}: the request, the answer and the stream are translated; the
 * usage is read from the OpenAI side, where it is complete.
 */
final class AnthropicToOpenAiDialect implements BackendDialect {

  private final AnthropicToOpenAiTranslator translator;
  private final AnthropicRequest request;

  AnthropicToOpenAiDialect(AnthropicToOpenAiTranslator translator, AnthropicRequest request) {
    this.translator = translator;
    this.request = request;
  }

  @Override
  public String path() {
    return "/chat/completions";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return DialectJson.write(translator.request(request.tree(), backend.bodyModel()));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    JsonNode openAi = DialectJson.answer(upstream);
    return new Answer(
        DialectJson.write(translator.response(openAi, clientModel)),
        OpenAiResponses.usage(upstream));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    AnthropicToOpenAiStream translation = translator.stream(clientModel);
    SseEventSplitter events = new SseEventSplitter();
    return new StreamRelay() {
      @Override
      public Buffer accept(Buffer upstream) {
        StringBuilder out = new StringBuilder();
        events.feed(
            upstream, event -> out.append(translation.accept(SseEvent.parse(event.toString()))));
        return Buffer.buffer(out.toString());
      }

      @Override
      public Buffer end() {
        StringBuilder out = new StringBuilder();
        Buffer rest = events.takePending();
        if (rest != null && rest.length() > 0) {
          out.append(translation.accept(SseEvent.parse(rest.toString())));
        }
        return Buffer.buffer(out.append(translation.end()).toString());
      }

      @Override
      public Usage usage() {
        return Usage.of(translation.usage());
      }
    };
  }
}
