package io.tollgate.proxy.anthropic;

import io.tollgate.config.snapshot.BackendSchema;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.ClientRequest;
import io.tollgate.proxy.openai.TgiDialect;
import io.tollgate.proxy.translate.AnthropicToBedrockTranslator;
import io.tollgate.proxy.translate.AnthropicToOpenAiTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import java.util.Map;

/**
 * A {@code POST /v1/messages} request and its pairs: passed through to Anthropic backends,
 * translated for OpenAI-schema and Bedrock ones.
 */
final class AnthropicClientRequest implements ClientRequest {

  private final AnthropicRequest request;
  private final String beta;
  private final AnthropicToOpenAiTranslator toOpenAi;
  private final AnthropicToBedrockTranslator toBedrock;
  private final OpenAiToTgiTranslator toTgi;
  private BackendDialect passthrough;
  private BackendDialect translated;
  private BackendDialect bedrock;
  private BackendDialect tgi;

  AnthropicClientRequest(
      AnthropicRequest request,
      String beta,
      AnthropicToOpenAiTranslator toOpenAi,
      AnthropicToBedrockTranslator toBedrock,
      OpenAiToTgiTranslator toTgi) {
    this.request = request;
    this.beta = beta;
    this.toOpenAi = toOpenAi;
    this.toBedrock = toBedrock;
    this.toTgi = toTgi;
  }

  @Override
  public String model() {
    return request.model();
  }

  @Override
  public String kind() {
    return "chat";
  }

  @Override
  public boolean stream() {
    return request.stream();
  }

  @Override
  public String user() {
    return request.userId();
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  public long maxOutputTokens() {
    return request.maxTokens();
  }

  @Override
  public BackendDialect dialect(BackendSchema schema) {
    if (schema == BackendSchema.ANTHROPIC) {
      if (passthrough == null) {
        passthrough = new AnthropicPassthrough(request, beta);
      }
      return passthrough;
    }
    if (schema == BackendSchema.BEDROCK) {
      if (bedrock == null) {
        bedrock = new AnthropicToBedrockDialect(toBedrock, request);
      }
      return bedrock;
    }
    if (translated == null) {
      translated = new AnthropicToOpenAiDialect(toOpenAi, request);
    }
    if (schema == BackendSchema.TGI) {
      if (tgi == null) {
        tgi = new TgiDialect(translated, toTgi, request.stream());
      }
      return tgi;
    }
    return translated;
  }
}
