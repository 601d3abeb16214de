package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads what the gateway needs from OpenAI-schema responses, without building trees. */
public final class OpenAiResponses {

  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiResponses() {}

  private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.UTF_8);

  /**
   * The {@code usage} of a whole response, or null when absent or null. OpenAI-schema servers write
   * {@code usage} after {@code choices}, so the last {@code "usage"} key is read in place rather
   * than parsing the whole body; when that does not yield a usage object, the whole body is parsed.
   */
  public static Usage usage(Buffer json) {
    byte[] bytes = json.getBytes();
    Usage fast = usageFromLastKey(bytes);
    return fast != null ? fast : inspect(bytes, 0, bytes.length).usage();
  }

  /**
   * Reads the object after the last {@code "usage"} key. A quote inside a JSON string is always
   * escaped, so an unescaped {@code "usage"} followed by a colon is a key.
   */
  static Usage usageFromLastKey(byte[] bytes) {
    for (int at = lastIndexOf(bytes, USAGE_KEY, bytes.length); at > 0; ) {
      if (bytes[at - 1] != '\\') {
        int i = at + USAGE_KEY.length;
        while (i < bytes.length && isSpace(bytes[i])) {
          i++;
        }
        if (i < bytes.length && bytes[i] == ':') {
          i++;
          while (i < bytes.length && isSpace(bytes[i])) {
            i++;
          }
          if (i < bytes.length && bytes[i] == '{') {
            try (JsonParser parser = JSON.createParser(bytes, i, bytes.length - i)) {
              parser.nextToken();
              return Usage.read(parser);
            } catch (IOException e) {
              return null;
            }
          }
          return null;
        }
      }
      at = lastIndexOf(bytes, USAGE_KEY, at);
    }
    return null;
  }

  /** The last index of {@code needle} starting before {@code before}, or -1. */
  private static int lastIndexOf(byte[] bytes, byte[] needle, int before) {
    outer:
    for (int i = Math.min(before - 1, bytes.length - needle.length); i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
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
