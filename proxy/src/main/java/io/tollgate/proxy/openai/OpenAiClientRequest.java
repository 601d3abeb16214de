package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.BackendSchema;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.tollgate.proxy.translate.OpenAiToBedrockTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import java.util.Map;

/**
 * An OpenAI-schema request ({@code /v1/chat/completions}, {@code /v1/embeddings}) and its pairs:
 * passed through to OpenAI-schema backends, translated for Anthropic, Bedrock and TGI ones (chat
 * only).
 */
final class OpenAiClientRequest implements ClientRequest {

  private final OpenAiRequest request;
  private final OpenAiOperation operation;
  private final OpenAiToAnthropicTranslator anthropic;
  private final OpenAiToBedrockTranslator bedrock;
  private final OpenAiToTgiTranslator tgi;
  private final boolean stream;
  // Built on first use: most routes only ever need one of them.
  private BackendDialect passthrough;
  private BackendDialect toAnthropic;
  private BackendDialect toBedrock;
  private BackendDialect toTgi;

  OpenAiClientRequest(
      OpenAiRequest request,
      OpenAiOperation operation,
      OpenAiToAnthropicTranslator anthropic,
      OpenAiToBedrockTranslator bedrock,
      OpenAiToTgiTranslator tgi) {
    this.request = request;
    this.operation = operation;
    this.anthropic = anthropic;
    this.bedrock = bedrock;
    this.tgi = tgi;
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
  public BackendDialect dialect(BackendSchema schema) {
    return switch (schema) {
      case OPENAI -> {
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
      case OPENAI_CHAT -> {
        if (operation != OpenAiOperation.CHAT_COMPLETIONS) {
          yield null;
        }
        yield dialect(BackendSchema.OPENAI);
      }
      case TGI -> {
        if (operation != OpenAiOperation.CHAT_COMPLETIONS) {
          yield null;
        }
        if (toTgi == null) {
          toTgi = new TgiDialect(dialect(BackendSchema.OPENAI), tgi, stream);
        }
        yield toTgi;
      }
    };
  }
}
