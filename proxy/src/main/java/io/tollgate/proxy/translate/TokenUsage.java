package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Usage between OpenAI and Anthropic. The rule, both ways: OpenAI's {@code prompt_tokens} counts
 * every input token, so {@code prompt_tokens = input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens} and {@code prompt_tokens_details.cached_tokens =
 * cache_read_input_tokens}. Going back, cache writes cannot be told apart and count as plain input.
 */
final class TokenUsage {

  private TokenUsage() {}

  /** OpenAI's {@code usage} object from Anthropic's counters. */
  static ObjectNode openAi(long input, long cacheRead, long cacheWrite, long output) {
    long prompt = input + cacheRead + cacheWrite;
    ObjectNode usage =
        JsonTrees.object()
            .put("prompt_tokens", prompt)
            .put("completion_tokens", output)
            .put("total_tokens", prompt + output);
    usage.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return usage;
  }

  /** OpenAI's {@code usage} object from an Anthropic {@code usage} object. */
  static ObjectNode openAi(JsonNode anthropic) {
    return openAi(
        anthropic.path("input_tokens").asLong(),
        anthropic.path("cache_read_input_tokens").asLong(),
        anthropic.path("cache_creation_input_tokens").asLong(),
        anthropic.path("output_tokens").asLong());
  }

  /**
   * Bedrock Converse's {@code usage} from an OpenAI {@code usage} object (null → zeros). Bedrock
   * counts cache reads apart from {@code inputTokens} and names the cache fields only when caching
   * took part; OpenAI does not report cache writes.
   */
  static ObjectNode bedrock(JsonNode openAi) {
    long prompt = openAi == null ? 0 : openAi.path("prompt_tokens").asLong();
    long cached =
        openAi == null ? 0 : openAi.path("prompt_tokens_details").path("cached_tokens").asLong();
    long completion = openAi == null ? 0 : openAi.path("completion_tokens").asLong();
    ObjectNode usage =
        JsonTrees.object()
            .put("inputTokens", Math.max(0, prompt - cached))
            .put("outputTokens", completion)
            .put("totalTokens", prompt + completion);
    if (cached > 0) {
      usage.put("cacheReadInputTokens", cached).put("cacheWriteInputTokens", 0);
    }
    return usage;
  }

  /** Anthropic's {@code usage} object from an OpenAI {@code usage} object (null → zeros). */
  static ObjectNode anthropic(JsonNode openAi) {
    long prompt = openAi == null ? 0 : openAi.path("prompt_tokens").asLong();
    long cached =
        openAi == null ? 0 : openAi.path("prompt_tokens_details").path("cached_tokens").asLong();
    long completion = openAi == null ? 0 : openAi.path("completion_tokens").asLong();
    return JsonTrees.object()
        .put("input_tokens", Math.max(0, prompt - cached))
        .put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", cached)
        .put("output_tokens", completion);
  }
}
