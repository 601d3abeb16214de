package io.tollgate.proxy.anthropic;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.ClientRequest;
import io.tollgate.proxy.translate.AnthropicToBedrockTranslator;
import io.tollgate.proxy.translate.AnthropicToOpenAiTranslator;
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
  private BackendDialect passthrough;
  private BackendDialect translated;
  private BackendDialect bedrock;

  AnthropicClientRequest(
      AnthropicRequest request,
      String beta,
      AnthropicToOpenAiTranslator toOpenAi,
      AnthropicToBedrockTranslator toBedrock) {
    this.request = request;
    this.beta = beta;
    this.toOpenAi = toOpenAi;
    this.toBedrock = toBedrock;
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
  public BackendDialect dialect(Provider provider) {
    if (provider == Provider.ANTHROPIC) {
      if (passthrough == null) {
        passthrough = new AnthropicPassthrough(request, beta);
      }
      return passthrough;
    }
    if (provider == Provider.BEDROCK) {
      if (bedrock == null) {
        bedrock = new AnthropicToBedrockDialect(toBedrock, request);
      }
      return bedrock;
    }
    if (translated == null) {
      translated = new AnthropicToOpenAiDialect(toOpenAi, request);
    }
    return translated;
  }
}
