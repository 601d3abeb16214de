package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Token usage as the upstream reported it.
 *
 * @param cachedPromptTokens the part of the prompt served from the provider's cache
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** An OpenAI {@code usage} object already parsed into a tree; null stays null. */
  public static Usage of(JsonNode openAi) {
    if (openAi == null || !openAi.isObject()) {
      return null;
    }
    return new Usage(
        openAi.path("prompt_tokens").asLong(),
        openAi.path("completion_tokens").asLong(),
        openAi.path("prompt_tokens_details").path("cached_tokens").asLong());
  }

  /**
   * Reads an OpenAI {@code usage} object; the parser stands on its START_OBJECT and is left on the
   * matching END_OBJECT. Works for chat ({@code prompt_tokens}, {@code completion_tokens}) and
   * embeddings (no completion tokens).
   */
  static Usage read(JsonParser parser) throws IOException {
    long prompt = 0;
    long completion = 0;
    long cached = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "prompt_tokens" -> prompt = value.isNumeric() ? parser.getLongValue() : 0;
        case "completion_tokens" -> completion = value.isNumeric() ? parser.getLongValue() : 0;
        case "prompt_tokens_details" -> cached = readCached(parser, value);
        default -> parser.skipChildren();
      }
    }
    return new Usage(prompt, completion, cached);
  }

  private static long readCached(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return 0;
    }
    long cached = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken inner = parser.nextToken();
      if ("cached_tokens".equals(field) && inner.isNumeric()) {
        cached = parser.getLongValue();
      } else {
        parser.skipChildren();
      }
    }
    return cached;
  }
}
