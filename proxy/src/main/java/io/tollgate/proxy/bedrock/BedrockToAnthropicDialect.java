package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.DialectJson;
import io.tollgate.proxy.translate.BedrockToAnthropicTranslator;
import io.vertx.core.buffer.Buffer;

/**
 * Bedrock Converse client to an Anthropic Messages backend, through {@link
 * BedrockToAnthropicTranslator}.
 */
final class BedrockToAnthropicDialect implements BackendDialect {

  private final BedrockToAnthropicTranslator translator;
  private final BedrockRequest request;

  BedrockToAnthropicDialect(BedrockToAnthropicTranslator translator, BedrockRequest request) {
    this.translator = translator;
    this.request = request;
  }

  @Override
  public String path() {
    return "/messages";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return DialectJson.write(
        translator.request(request.body(), backend.bodyModel(), request.stream()));
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    JsonNode converse =
        translator.response(DialectJson.answer(upstream), request.latencyMs().getAsLong());
    return new Answer(DialectJson.write(converse), BedrockUsage.of(converse.get("usage")));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    return new BedrockStreamRelay(translator.stream(request.latencyMs()));
  }
}
