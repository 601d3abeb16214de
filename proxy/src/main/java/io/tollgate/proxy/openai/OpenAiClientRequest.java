package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import java.util.Map;

/**
 * An OpenAI-schema request ({@code /v1/chat/completions}, {@code /v1/embeddings}) and its two
 * pairs: passed through to OpenAI-schema backends, translated for Anthropic ones.
 */
final class OpenAiClientRequest implements ClientRequest {

  private final OpenAiRequest request;
  private final OpenAiOperation operation;
  private final OpenAiToAnthropicTranslator anthropic;
  private final boolean stream;
  // Built on first use: most routes only ever need one of the two.
  private BackendDialect passthrough;
  private BackendDialect toAnthropic;

  OpenAiClientRequest(
      OpenAiRequest request, OpenAiOperation operation, OpenAiToAnthropicTranslator anthropic) {
    this.request = request;
    this.operation = operation;
    this.anthropic = anthropic;
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
    };
  }
}
