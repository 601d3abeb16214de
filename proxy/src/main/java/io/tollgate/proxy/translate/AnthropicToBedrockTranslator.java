package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.UUID;

/**
 * Anthropic Messages clients served by an Amazon Bedrock backend, composed from the two translators
 * that meet in OpenAI's schema: {@link AnthropicToOpenAiTranslator} then {@link
 * OpenAiToBedrockTranslator} on the way up, the reverse on the way down. One set of rules per
 * schema; what the composition costs is listed in docs/providers.md (e.g. {@code
 * disable_parallel_tool_use} is refused, as Converse cannot express it).
 */
public final class AnthropicToBedrockTranslator {

  // The model name the intermediate OpenAI answer carries; it is replaced on the way down.
  private static final String NO_MODEL = "";

  // Bedrock takes more stop sequences than OpenAI: the composition must not impose OpenAI's limit.
  private final AnthropicToOpenAiTranslator anthropic =
      new AnthropicToOpenAiTranslator(Integer.MAX_VALUE);
  private final OpenAiToBedrockTranslator bedrock;

  public AnthropicToBedrockTranslator(Clock clock) {
    this.bedrock =
        new OpenAiToBedrockTranslator(
            clock, () -> "msg_bdrk_" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** For tests: response ids from {@code bedrock}. */
  AnthropicToBedrockTranslator(OpenAiToBedrockTranslator bedrock) {
    this.bedrock = bedrock;
  }

  /** The Converse request body for a Messages request; throws {@link TranslationException}. */
  public ObjectNode request(JsonNode messages) {
    try {
      return bedrock.request(anthropic.request(messages, NO_MODEL));
    } catch (TranslationException e) {
      if ("parallel_tool_calls".equals(e.param())) {
        // Named as the client wrote it, not as the OpenAI stage in between calls it.
        throw TranslationException.unsupported(
            "tool_choice.disable_parallel_tool_use", OpenAiToBedrockMessages.BACKEND);
      }
      throw e;
    }
  }

  /** The Anthropic message for a Converse response. */
  public ObjectNode response(JsonNode converse, String clientModel) {
    return anthropic.response(bedrock.response(converse, NO_MODEL), clientModel);
  }

  /** A fresh pair of state machines for one streamed response. */
  public Stream stream(String clientModel) {
    return new Stream(bedrock.stream(NO_MODEL, true), anthropic.stream(clientModel));
  }

  /** ConverseStream events in, Anthropic SSE events out, through OpenAI chunks in between. */
  public static final class Stream {
    private final OpenAiToBedrockStream toOpenAi;
    private final AnthropicToOpenAiStream toAnthropic;

    Stream(OpenAiToBedrockStream toOpenAi, AnthropicToOpenAiStream toAnthropic) {
      this.toOpenAi = toOpenAi;
      this.toAnthropic = toAnthropic;
    }

    /** The client bytes (possibly empty) for one Bedrock event. */
    public String accept(SseEvent event) {
      return relay(toOpenAi.accept(event));
    }

    /** Call when the upstream ended. */
    public String end() {
      return relay(toOpenAi.end()) + toAnthropic.end();
    }

    /** The OpenAI {@code usage} reported so far, or null. */
    public JsonNode usage() {
      return toOpenAi.usage();
    }

    private String relay(String openAiEvents) {
      StringBuilder out = new StringBuilder();
      for (SseEvent chunk : SseEvent.parseAll(openAiEvents)) {
        out.append(toAnthropic.accept(chunk));
      }
      return out.toString();
    }
  }
}
