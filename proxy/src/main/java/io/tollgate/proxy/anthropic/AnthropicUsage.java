package io.tollgate.proxy.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tollgate.proxy.openai.Usage;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reads the token usage of Anthropic answers passed through unchanged: a whole message, or a
 * stream's {@code message_start} (input and cache counts) and {@code message_delta} (cumulative
 * output) events. Counts become the gateway's {@link Usage} by the rule of docs/providers.md:
 * prompt = input + cache reads + cache writes, cached = cache reads.
 */
final class AnthropicUsage {

  private static final JsonFactory JSON = new JsonFactory();
  private static final int HEAD_BYTES = 48;

  private long input;
  private long cacheRead;
  private long cacheWrite;
  private long output;
  private boolean seen;

  /** The usage of a whole message body, or null when it reports none. */
  static Usage ofMessage(Buffer body) {
    AnthropicUsage usage = new AnthropicUsage();
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        usage.readTopLevel(parser);
      }
    } catch (IOException e) {
      return null;
    }
    return usage.usage();
  }

  /**
   * Takes one whole SSE event of the stream. Only the two events that carry usage are parsed; they
   * hold the usage either at the top ({@code message_delta}) or inside {@code message}.
   */
  void onEvent(Buffer event) {
    // Both the event line and the data's leading "type" name the event within its first bytes,
    // so the many content deltas are skipped without decoding them.
    String head = event.getString(0, Math.min(HEAD_BYTES, event.length()));
    if (!head.contains("message_start") && !head.contains("message_delta")) {
      return;
    }
    SseEvent parsed = SseEvent.parse(event.toString());
    boolean start = head.contains("message_start");
    try (JsonParser parser = JSON.createParser(parsed.data())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      if (!start) {
        readTopLevel(parser);
        return;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        if (parser.nextToken() == JsonToken.START_OBJECT && "message".equals(field)) {
          readTopLevel(parser);
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // A malformed event is the client's to see as it came; it simply carries no usage here.
    }
  }

  /** The usage so far, or null before any was reported. */
  Usage usage() {
    return seen ? new Usage(input + cacheRead + cacheWrite, output, cacheRead) : null;
  }

  /** Reads the fields of the object the parser just entered, looking for {@code usage}. */
  private void readTopLevel(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (parser.nextToken() == JsonToken.START_OBJECT && "usage".equals(field)) {
        readUsage(parser);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** A later event's counts replace earlier ones: Anthropic reports them cumulatively. */
  private void readUsage(JsonParser parser) throws IOException {
    seen = true;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value != JsonToken.VALUE_NUMBER_INT) {
        parser.skipChildren();
        continue;
      }
      long count = parser.getLongValue();
      switch (field) {
        case "input_tokens" -> input = count;
        case "cache_read_input_tokens" -> cacheRead = count;
        case "cache_creation_input_tokens" -> cacheWrite = count;
        case "output_tokens" -> output = count;
        default -> {}
      }
    }
  }
}
