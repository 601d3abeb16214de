package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Bedrock Converse clients served by an Anthropic Messages backend, composed from the two
 * translators that meet in OpenAI's schema: {@link BedrockToOpenAiTranslator} then {@link
 * OpenAiToAnthropicTranslator} on the way up, the reverse on the way down. The composition keeps
 * one set of rules per schema; what it costs is listed in docs/providers.md (cache writes count as
 * plain input, as OpenAI's schema has no field for them).
 */
public final class BedrockToAnthropicTranslator {

  // The model name the intermediate OpenAI answer carries; Converse answers name no model.
  private static final String NO_MODEL = "";

  // Anthropic takes more stop sequences than OpenAI; the composition must not impose OpenAI's
  // limit.
  private final BedrockToOpenAiTranslator bedrock =
      new BedrockToOpenAiTranslator(Integer.MAX_VALUE);
  private final OpenAiToAnthropicTranslator anthropic;

  public BedrockToAnthropicTranslator(Clock clock) {
    this.anthropic = new OpenAiToAnthropicTranslator(clock);
  }

  /** The Anthropic request for a Converse request; throws {@link TranslationException}. */
  public ObjectNode request(JsonNode converse, String upstreamModel, boolean stream) {
    return anthropic.request(bedrock.request(converse, upstreamModel, stream), upstreamModel);
  }

  /** The Converse response for an Anthropic message. */
  public ObjectNode response(JsonNode message, long latencyMs) {
    return bedrock.response(anthropic.response(message, NO_MODEL), latencyMs);
  }

  /** A fresh pair of state machines for one streamed response. */
  public Stream stream(LongSupplier latencyMs) {
    return new Stream(anthropic.stream(NO_MODEL, true), bedrock.stream(latencyMs));
  }

  /** Anthropic SSE events in, ConverseStream events out, through OpenAI chunks in between. */
  public static final class Stream implements ConverseStreamTranslation {
    private final OpenAiToAnthropicStream toOpenAi;
    private final BedrockToOpenAiStream toBedrock;

    Stream(OpenAiToAnthropicStream toOpenAi, BedrockToOpenAiStream toBedrock) {
      this.toOpenAi = toOpenAi;
      this.toBedrock = toBedrock;
    }

    @Override
    public List<BedrockEvent> accept(SseEvent event) {
      return relay(toOpenAi.accept(event));
    }

    @Override
    public List<BedrockEvent> end() {
      List<BedrockEvent> out = relay(toOpenAi.end());
      out.addAll(toBedrock.end());
      return out;
    }

    @Override
    public ObjectNode usage() {
      return toBedrock.usage();
    }

    private List<BedrockEvent> relay(String openAiEvents) {
      List<BedrockEvent> out = new ArrayList<>();
      for (SseEvent chunk : SseEvent.parseAll(openAiEvents)) {
        out.addAll(toBedrock.accept(chunk));
      }
      return out;
    }
  }
}
