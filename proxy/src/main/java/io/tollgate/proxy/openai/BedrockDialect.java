package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToBedrockStream;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI client to an Amazon Bedrock backend, through {@link OpenAiToBedrockTranslator}: the body
 * is a Converse request, the answer a Converse response, the stream ConverseStream events (the AWS
 * SDK carries them, see {@code AwsCalls}). The translated stream always carries the usage chunk and
 * then runs through the same {@link StreamingUsageFilter} as pass-through streams.
 */
final class BedrockDialect implements BackendDialect {

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
    return DialectJson.write(translator.request(DialectJson.request(request.body())));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    Buffer answer =
        DialectJson.write(translator.response(DialectJson.answer(upstream), clientModel));
    return new Answer(answer, OpenAiResponses.usage(answer));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToBedrockStream translation = translator.stream(clientModel, true);
    return new TranslatedStream(
        translation::accept, translation::end, OpenAiPassthrough.relay(request.includeUsage()));
  }
}
