package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.proxy.translate.OpenAiToBedrockStream;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
import io.tollgate.proxy.translate.SseEvent;
import io.tollgate.proxy.translate.TranslationException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * OpenAI client to an Amazon Bedrock backend, through {@link OpenAiToBedrockTranslator}: the body
 * is a Converse request, the answer a Converse response, the stream ConverseStream events (the AWS
 * SDK carries them, see {@code BedrockCalls}). The translated stream always carries the usage chunk
 * and then runs through the same {@link StreamingUsageFilter} as pass-through streams.
 */
final class BedrockDialect implements BackendDialect {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiToBedrockTranslator translator;
  private final OpenAiRequest request;
  private final boolean stream;

  BedrockDialect(OpenAiToBedrockTranslator translator, OpenAiRequest request, boolean stream) {
    this.translator = translator;
    this.request = request;
    this.stream = stream;
  }

  /** The Bedrock operation; the SDK builds the real path from the model id. */
  @Override
  public String path() {
    return stream ? "/converse-stream" : "/converse";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return write(translator.request(tree(request.body())));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    Buffer answer = write(translator.response(tree(upstream), clientModel));
    return new Answer(answer, OpenAiResponses.usage(answer));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToBedrockStream translation = translator.stream(clientModel, true);
    SseEventSplitter events = new SseEventSplitter();
    StreamingUsageFilter usage = new StreamingUsageFilter(request.includeUsage());
    return new StreamRelay() {
      @Override
      public Buffer accept(Buffer upstream) {
        StringBuilder out = new StringBuilder();
        events.feed(
            upstream, event -> out.append(translation.accept(SseEvent.parse(event.toString()))));
        return out.isEmpty() ? Buffer.buffer() : usage.accept(Buffer.buffer(out.toString()));
      }

      @Override
      public Buffer end() {
        Buffer tail = usage.accept(Buffer.buffer(translation.end()));
        return tail.appendBuffer(usage.remainder());
      }

      @Override
      public Usage usage() {
        return usage.usage();
      }

      @Override
      public void priceWith(Pricing pricing) {
        usage.priceWith(pricing);
      }
    };
  }

  private static Buffer write(JsonNode tree) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The request or response as a tree; a body that is not JSON is the client's 400 or a 502. */
  private static JsonNode tree(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The body is not valid JSON.");
    }
  }
}
