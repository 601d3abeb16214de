package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
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
    // Read in place when the buffer is on the heap (Vert.x' response chunks are): no copy.
    ByteBuf buf = json.getByteBuf();
    int length = buf.readableBytes();
    byte[] bytes;
    int offset;
    if (buf.hasArray()) {
      bytes = buf.array();
      offset = buf.arrayOffset() + buf.readerIndex();
    } else {
      bytes = json.getBytes();
      offset = 0;
    }
    Usage fast = usageFromLastKey(bytes, offset, offset + length);
    return fast != null ? fast : inspect(bytes, offset, length).usage();
  }

  /**
   * Reads the object after the last {@code "usage"} key in {@code bytes[from, to)}. A quote inside
   * a JSON string is always escaped, so an unescaped {@code "usage"} followed by a colon is a key.
   */
  static Usage usageFromLastKey(byte[] bytes, int from, int to) {
    for (int at = lastIndexOf(bytes, from, USAGE_KEY, to); at > from; ) {
      if (bytes[at - 1] != '\\') {
        int i = at + USAGE_KEY.length;
        while (i < to && isSpace(bytes[i])) {
          i++;
        }
        if (i < to && bytes[i] == ':') {
          i++;
          while (i < to && isSpace(bytes[i])) {
            i++;
          }
          if (i < to && bytes[i] == '{') {
            try (JsonParser parser = JSON.createParser(bytes, i, to - i)) {
              parser.nextToken();
              return Usage.read(parser);
            } catch (IOException e) {
              return null;
            }
          }
          return null;
        }
      }
      at = lastIndexOf(bytes, from, USAGE_KEY, at);
    }
    return null;
  }

  /** The last index of {@code needle} in {@code bytes[from, before)}, or -1. */
  private static int lastIndexOf(byte[] bytes, int from, byte[] needle, int before) {
    outer:
    for (int i = before - needle.length; i >= from; i--) {
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
