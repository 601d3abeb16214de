package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
import java.util.Map;

/**
 * An OpenAI-schema request ({@code /v1/chat/completions}, {@code /v1/embeddings}) and its pairs:
 * passed through to OpenAI-schema backends, translated for Anthropic and Bedrock ones (chat only).
 */
final class OpenAiClientRequest implements ClientRequest {

  private final OpenAiRequest request;
  private final OpenAiOperation operation;
  private final OpenAiToAnthropicTranslator anthropic;
  private final OpenAiToBedrockTranslator bedrock;
  private final boolean stream;
  // Built on first use: most routes only ever need one of them.
  private BackendDialect passthrough;
  private BackendDialect toAnthropic;
  private BackendDialect toBedrock;

  OpenAiClientRequest(
      OpenAiRequest request,
      OpenAiOperation operation,
      OpenAiToAnthropicTranslator anthropic,
      OpenAiToBedrockTranslator bedrock) {
    this.request = request;
    this.operation = operation;
    this.anthropic = anthropic;
    this.bedrock = bedrock;
    // Embeddings never stream, whatever the body says.
    this.stream = operation == OpenAiOperation.CHAT_COMPLETIONS && request.stream();
  }

  @Override
  public String model() {
    return request.model();
  }

  @Override
  public String kind() {
    return operation.kind();
  }

  @Override
  public boolean stream() {
    return stream;
  }

  @Override
  public String user() {
    return request.user();
  }

  @Override
  public Map<String, String> metadata() {
    return request.metadata();
  }

  @Override
  public long maxOutputTokens() {
    return request.maxOutputTokens();
  }

  @Override
  public BackendDialect dialect(Provider provider) {
    return switch (provider) {
      case OPENAI, OPENAI_COMPATIBLE, AZURE_OPENAI -> {
        if (passthrough == null) {
          passthrough = new OpenAiPassthrough(request, operation, stream);
        }
        yield passthrough;
      }
      case ANTHROPIC -> {
        if (operation != OpenAiOperation.CHAT_COMPLETIONS) {
          yield null;
        }
        if (toAnthropic == null) {
          toAnthropic = new AnthropicDialect(anthropic, request);
        }
        yield toAnthropic;
      }
      case BEDROCK -> {
        if (operation != OpenAiOperation.CHAT_COMPLETIONS) {
          yield null;
        }
        if (toBedrock == null) {
          toBedrock = new BedrockDialect(bedrock, request, stream);
        }
        yield toBedrock;
      }
    };
  }
}
