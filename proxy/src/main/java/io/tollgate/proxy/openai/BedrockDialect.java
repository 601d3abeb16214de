package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToBedrockStream;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
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
    return new TranslatedStream(
        translation::accept, translation::end, OpenAiPassthrough.relay(request.includeUsage()));
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
