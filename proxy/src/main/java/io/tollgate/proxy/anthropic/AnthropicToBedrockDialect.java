package io.tollgate.proxy.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.DialectJson;
import io.tollgate.proxy.openai.SseEventSplitter;
import io.tollgate.proxy.openai.Usage;
import io.tollgate.proxy.translate.AnthropicToBedrockTranslator;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic client to an Amazon Bedrock backend, through {@link AnthropicToBedrockTranslator}: the
 * body is a Converse request, the answer a Converse response and the stream ConverseStream events,
 * which the AWS SDK carries. The usage is read from the OpenAI stage of the composition.
 */
final class AnthropicToBedrockDialect implements BackendDialect {

  private final AnthropicToBedrockTranslator translator;
  private final AnthropicRequest request;

  AnthropicToBedrockDialect(AnthropicToBedrockTranslator translator, AnthropicRequest request) {
    this.translator = translator;
    this.request = request;
  }

  /** The Bedrock operation; the SDK builds the real path from the model id. */
  @Override
  public String path() {
    return request.stream() ? "/converse-stream" : "/converse";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return DialectJson.write(translator.request(request.tree()));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    JsonNode converse = DialectJson.answer(upstream);
    Buffer message = DialectJson.write(translator.response(converse, clientModel));
    return new Answer(message, AnthropicUsage.ofMessage(message));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    AnthropicToBedrockTranslator.Stream translation = translator.stream(clientModel);
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
        return Buffer.buffer(translation.end());
      }

      @Override
      public Usage usage() {
        return Usage.of(translation.usage());
      }
    };
  }
}
