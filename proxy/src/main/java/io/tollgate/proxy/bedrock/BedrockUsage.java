package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.proxy.openai.Usage;

/**
 * The gateway's {@link Usage} from a Bedrock {@code usage} object: Bedrock counts cache reads and
 * writes apart from {@code inputTokens}, the gateway's prompt count includes them.
 */
final class BedrockUsage {

  private BedrockUsage() {}

  /** Null when the answer reported no usage. */
  static Usage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    long cacheRead = usage.path("cacheReadInputTokens").asLong();
    long prompt =
        usage.path("inputTokens").asLong()
            + cacheRead
            + usage.path("cacheWriteInputTokens").asLong();
    return new Usage(prompt, usage.path("outputTokens").asLong(), cacheRead);
  }
}
