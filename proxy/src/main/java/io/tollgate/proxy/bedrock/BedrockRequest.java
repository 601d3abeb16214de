package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A Converse or ConverseStream request: the model id from the path (already percent-decoded), the
 * body as a tree (every Bedrock pair translates), whether it streams (the path says so), and the
 * clock of the request for the {@code latencyMs} Bedrock reports.
 */
record BedrockRequest(String modelId, JsonNode body, boolean stream, LongSupplier latencyMs) {

  /** {@code inferenceConfig.maxTokens}, or -1 when unset. */
  long maxTokens() {
    JsonNode max = body.path("inferenceConfig").get("maxTokens");
    return max != null && max.canConvertToLong() && max.asLong() > 0 ? max.asLong() : -1;
  }

  /** The string entries of {@code requestMetadata}, which routing rules may match on. */
  Map<String, String> requestMetadata() {
    JsonNode metadata = body.get("requestMetadata");
    if (metadata == null || !metadata.isObject() || metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, String> entries = new HashMap<>();
    metadata
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual()) {
                entries.put(e.getKey(), e.getValue().asText());
              }
            });
    return entries;
  }
}
