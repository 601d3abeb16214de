package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToTgiStream;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import io.tollgate.proxy.translate.TranslationException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * A TGI-native SageMaker container behind any client: the client's request first becomes an OpenAI
 * chat request through {@code openAi} (the client's own pair to an OpenAI backend), then a TGI
 * {@code inputs/parameters} body through {@link OpenAiToTgiTranslator}; answers and streams travel
 * the same way back. Composing keeps one TGI translation for every client schema.
 */
public final class TgiDialect implements BackendDialect {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    JsonNode chat = tree(openAi.requestBody(backend));
    stops = OpenAiToTgiTranslator.stops(chat);
    return write(translator.request(chat, backend.sagemaker().promptFormat(), stream));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    JsonNode chat = translator.response(tree(upstream), clientModel, stops);
    return openAi.response(write(chat), clientModel);
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToTgiStream translation = translator.stream(clientModel, true, stops);
    return new TranslatedStream(translation::accept, translation::end, openAi.stream(clientModel));
  }

  private static Buffer write(JsonNode tree) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode tree(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The body is not valid JSON.");
    }
  }
}
