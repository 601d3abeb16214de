package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToAnthropicStream;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.tollgate.proxy.translate.TranslationException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * OpenAI client to Anthropic Messages backend, through {@link OpenAiToAnthropicTranslator}. The
 * translated stream always carries the usage chunk, and then runs through the same {@link
 * StreamingUsageFilter} as pass-through streams: one place decides what a client sees of usage.
 */
final class AnthropicDialect implements BackendDialect {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    JsonNode openAi = tree(request.body());
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(translator.request(openAi, backend.bodyModel())));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    Buffer answer;
    try {
      answer =
          Buffer.buffer(JSON.writeValueAsBytes(translator.response(tree(upstream), clientModel)));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return new Answer(answer, OpenAiResponses.usage(answer));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToAnthropicStream translation = translator.stream(clientModel, true);
    return new TranslatedStream(
        translation::accept, translation::end, OpenAiPassthrough.relay(request.includeUsage()));
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
