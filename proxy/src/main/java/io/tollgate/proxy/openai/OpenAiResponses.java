package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Reads what the gateway needs from OpenAI-schema responses, without building trees. */
public final class OpenAiResponses {

  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiResponses() {}

  /** The top-level {@code usage} of a response or stream chunk, or null when absent or null. */
  public static Usage usage(Buffer json) {
    return inspect(json.getBytes(), 0, json.length()).usage();
  }

  /**
   * The usage of one stream chunk and whether it is the extra usage-only chunk ({@code choices}
   * empty) that only clients asking for {@code include_usage} should see.
   */
  public record ChunkUsage(Usage usage, boolean usageOnly) {}

  static ChunkUsage inspect(byte[] bytes, int offset, int length) {
    Usage usage = null;
    boolean choicesEmpty = false;
    try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return new ChunkUsage(null, false);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
          usage = Usage.read(parser);
        } else if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
          JsonToken element = parser.nextToken();
          choicesEmpty = element == JsonToken.END_ARRAY;
          while (element != JsonToken.END_ARRAY && element != null) {
            parser.skipChildren();
            element = parser.nextToken();
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // Not ours to judge: a malformed upstream chunk is passed on as it came.
      return new ChunkUsage(usage, false);
    }
    return new ChunkUsage(usage, usage != null && choicesEmpty);
  }
}
