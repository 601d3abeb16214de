package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToTgiStream;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A TGI-native SageMaker container behind any client: the client's request first becomes an OpenAI
 * chat request through {@code openAi} (the client's own pair to an OpenAI backend), then a TGI
 * {@code inputs/parameters} body through {@link OpenAiToTgiTranslator}; answers and streams travel
 * the same way back. Composing keeps one TGI translation for every client schema.
 */
public final class TgiDialect implements BackendDialect {

  private final BackendDialect openAi;
  private final OpenAiToTgiTranslator translator;
  private final boolean stream;
  private List<String> stops = List.of();

  public TgiDialect(BackendDialect openAi, OpenAiToTgiTranslator translator, boolean stream) {
    this.openAi = openAi;
    this.translator = translator;
    this.stream = stream;
  }

  /** The SageMaker operation; the SDK builds the real path from the endpoint name. */
  @Override
  public String path() {
    return stream ? "/invocations-response-stream" : "/invocations";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    JsonNode chat = DialectJson.request(openAi.requestBody(backend));
    stops = OpenAiToTgiTranslator.stops(chat);
    return DialectJson.write(translator.request(chat, backend.sagemaker().promptFormat(), stream));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    JsonNode chat = translator.response(DialectJson.answer(upstream), clientModel, stops);
    return openAi.response(DialectJson.write(chat), clientModel);
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToTgiStream translation = translator.stream(clientModel, true, stops);
    return new TranslatedStream(translation::accept, translation::end, openAi.stream(clientModel));
  }
}
