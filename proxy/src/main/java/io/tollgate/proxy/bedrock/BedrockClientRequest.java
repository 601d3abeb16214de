package io.tollgate.proxy.bedrock;

import io.tollgate.config.snapshot.BackendSchema;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.ClientRequest;
import io.tollgate.proxy.openai.TgiDialect;
import io.tollgate.proxy.translate.BedrockToAnthropicTranslator;
import io.tollgate.proxy.translate.BedrockToOpenAiTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import java.util.Map;

/**
 * A Converse or ConverseStream request and its pairs: passed through to Bedrock backends,
 * translated for OpenAI-schema and Anthropic ones. {@code requestMetadata} is what routing rules
 * see as metadata.
 */
final class BedrockClientRequest implements ClientRequest {

  private final BedrockRequest request;
  private final BedrockToOpenAiTranslator toOpenAi;
  private final BedrockToAnthropicTranslator toAnthropic;
  private final OpenAiToTgiTranslator toTgi;
  private BackendDialect openAiDialect;
  private BackendDialect anthropicDialect;
  private BackendDialect passthrough;
  private BackendDialect tgi;

  BedrockClientRequest(
      BedrockRequest request,
      BedrockToOpenAiTranslator toOpenAi,
      BedrockToAnthropicTranslator toAnthropic,
      OpenAiToTgiTranslator toTgi) {
    this.request = request;
    this.toOpenAi = toOpenAi;
    this.toAnthropic = toAnthropic;
    this.toTgi = toTgi;
  }

  @Override
  public String model() {
    return request.modelId();
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
    return null;
  }

  @Override
  public Map<String, String> metadata() {
    return request.requestMetadata();
  }

  @Override
  public long maxOutputTokens() {
    return request.maxTokens();
  }

  @Override
  public BackendDialect dialect(BackendSchema schema) {
    if (schema == BackendSchema.BEDROCK) {
      if (passthrough == null) {
        passthrough = new BedrockPassthrough(request);
      }
      return passthrough;
    }
    if (schema == BackendSchema.ANTHROPIC) {
      if (anthropicDialect == null) {
        anthropicDialect = new BedrockToAnthropicDialect(toAnthropic, request);
      }
      return anthropicDialect;
    }
    if (openAiDialect == null) {
      openAiDialect = new BedrockToOpenAiDialect(toOpenAi, request);
    }
    if (schema == BackendSchema.TGI) {
      if (tgi == null) {
        tgi = new TgiDialect(openAiDialect, toTgi, request.stream());
      }
      return tgi;
    }
    return openAiDialect;
  }
}
