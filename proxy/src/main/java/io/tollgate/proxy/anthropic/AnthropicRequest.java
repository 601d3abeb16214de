package io.tollgate.proxy.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.openai.InvalidRequestException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The top-level fields of an Anthropic Messages request the gateway reads itself ({@code model},
 * {@code stream}, {@code max_tokens}, {@code messages}, {@code metadata.user_id}), found in one
 * streaming pass, plus the byte span of {@code model} so an Anthropic backend gets the body byte
 * for byte with only the model replaced. The full tree is built only when a translation needs it.
 * Messages use Anthropic's own wording for what is missing or malformed.
 */
final class AnthropicRequest {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = new ObjectMapper();

  private final Buffer body;
  private final String model;
  private final int modelStart;
  private final int modelEnd;
  private final boolean stream;
  private final long maxTokens;
  private final String userId;
  private JsonNode tree;

  private AnthropicRequest(
      Buffer body,
      String model,
      int modelStart,
      int modelEnd,
      boolean stream,
      long maxTokens,
      String userId) {
    this.body = body;
    this.model = model;
    this.modelStart = modelStart;
    this.modelEnd = modelEnd;
    this.stream = stream;
    this.maxTokens = maxTokens;
    this.userId = userId;
  }

  /** Reads a body; throws {@link InvalidRequestException} naming the first bad field. */
  static AnthropicRequest parse(Buffer body) {
    byte[] bytes = body.getBytes();
    String model = null;
    int modelStart = -1;
    int modelEnd = -1;
    Boolean stream = null;
    long maxTokens = -1;
    boolean messages = false;
    String userId = null;
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException("The request body must be a JSON object.", null);
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "model" -> {
            // A repeated field could be read one way here and another way upstream.
            require(model == null, field, "appears more than once");
            require(value == JsonToken.VALUE_STRING, field, "Input should be a valid string");
            modelStart = (int) parser.currentTokenLocation().getByteOffset();
            model = parser.getText();
            modelEnd = (int) parser.currentLocation().getByteOffset();
          }
          case "stream" -> {
            require(stream == null, field, "appears more than once");
            require(value.isBoolean(), field, "Input should be a valid boolean");
            stream = value == JsonToken.VALUE_TRUE;
          }
          case "max_tokens" -> {
            require(maxTokens < 0, field, "appears more than once");
            require(
                value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() >= 1,
                field,
                "Input should be an integer greater than or equal to 1");
            maxTokens = parser.getLongValue();
          }
          case "messages" -> {
            require(value == JsonToken.START_ARRAY, field, "Input should be a valid list");
            messages = true;
            parser.skipChildren();
          }
          case "metadata" -> userId = readUserId(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidRequestException("The request body must be a single JSON object.", null);
      }
    } catch (IOException e) {
      throw new InvalidRequestException(
          "The request body is not valid JSON: " + firstLine(e.getMessage()), null);
    }
    require(model != null && !model.isEmpty(), "model", "Field required");
    require(maxTokens >= 1, "max_tokens", "Field required");
    require(messages, "messages", "Field required");
    return new AnthropicRequest(
        body, model, modelStart, modelEnd, Boolean.TRUE.equals(stream), maxTokens, userId);
  }

  private static String readUserId(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    String userId = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (parser.nextToken() == JsonToken.VALUE_STRING && "user_id".equals(key)) {
        userId = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return userId;
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) {
      throw new InvalidRequestException(field + ": " + problem, field);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  String model() {
    return model;
  }

  boolean stream() {
    return stream;
  }

  long maxTokens() {
    return maxTokens;
  }

  /** {@code metadata.user_id}, or null. */
  String userId() {
    return userId;
  }

  /** The body with {@code model} replaced by the upstream model id; everything else as it came. */
  Buffer withModel(String upstreamModel) {
    if (upstreamModel.equals(model)) {
      return body;
    }
    Buffer out = Buffer.buffer(body.length() + upstreamModel.length());
    out.appendBuffer(body, 0, modelStart);
    out.appendByte((byte) '"');
    out.appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(upstreamModel));
    out.appendByte((byte) '"');
    out.appendBuffer(body, modelEnd, body.length() - modelEnd);
    return out;
  }

  /** The whole request as a tree, parsed once on first use (only translations need it). */
  JsonNode tree() {
    if (tree == null) {
      try {
        tree = TREE.readTree(body.getBytes());
      } catch (IOException e) {
        throw new IllegalStateException("the body was valid JSON when first parsed", e);
      }
    }
    return tree;
  }
}
