package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToAnthropicStream;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI client to Anthropic Messages backend, through {@link OpenAiToAnthropicTranslator}. The
 * translated stream always carries the usage chunk, and then runs through the same {@link
 * StreamingUsageFilter} as pass-through streams: one place decides what a client sees of usage.
 */
final class AnthropicDialect implements BackendDialect {

  private final OpenAiToAnthropicTranslator translator;
  private final OpenAiRequest request;

  AnthropicDialect(OpenAiToAnthropicTranslator translator, OpenAiRequest request) {
    this.translator = translator;
    this.request = request;
  }

  @Override
  public String path() {
    return "/messages";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    JsonNode openAi = DialectJson.request(request.body());
    return DialectJson.write(translator.request(openAi, backend.bodyModel()));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    Buffer answer =
        DialectJson.write(translator.response(DialectJson.answer(upstream), clientModel));
    return new Answer(answer, OpenAiResponses.usage(answer));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToAnthropicStream translation = translator.stream(clientModel, true);
    return new TranslatedStream(
        translation::accept, translation::end, OpenAiPassthrough.relay(request.includeUsage()));
  }
}
