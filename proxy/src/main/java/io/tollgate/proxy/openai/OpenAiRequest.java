package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The few top-level fields of an OpenAI-schema request body the gateway needs ({@code model},
 * {@code stream}, {@code stream_options.include_usage}), found with one streaming pass and without
 * building a tree, plus the byte spans needed to rewrite them. Every other field goes upstream byte
 * for byte.
 */
public final class OpenAiRequest {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final byte[] INCLUDE_USAGE =
      "\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);

  private final Buffer body;
  private final String model;
  private final int modelStart;
  private final int modelEnd;
  private final boolean stream;
  private final boolean includeUsage;
  private final int streamOptionsStart;
  private final int streamOptionsEnd;
  private final int objectStart;
  private final String user;
  private final Map<String, String> metadata;
  private final long maxOutputTokens;

  private OpenAiRequest(
      Buffer body,
      String model,
      int modelStart,
      int modelEnd,
      boolean stream,
      boolean includeUsage,
      int streamOptionsStart,
      int streamOptionsEnd,
      int objectStart,
      String user,
      Map<String, String> metadata,
      long maxOutputTokens) {
    this.body = body;
    this.model = model;
    this.modelStart = modelStart;
    this.modelEnd = modelEnd;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.streamOptionsStart = streamOptionsStart;
    this.streamOptionsEnd = streamOptionsEnd;
    this.objectStart = objectStart;
    this.user = user;
    this.metadata = metadata;
    this.maxOutputTokens = maxOutputTokens;
  }

  /**
   * Reads a request body. Throws {@link InvalidRequestException} naming the offending field when
   * the body is not one JSON object, {@code model} is not a string, a field the gateway reads
   * appears twice (the gateway and the upstream could otherwise disagree on which one counts), and
   * so on.
   */
  public static OpenAiRequest parse(Buffer body) {
    byte[] bytes = body.getBytes();
    String model = null;
    int modelStart = -1;
    int modelEnd = -1;
    Boolean stream = null;
    Boolean includeUsage = null;
    int optionsStart = -1;
    int optionsEnd = -1;
    int objectStart;
    String user = null;
    Map<String, String> metadata = Map.of();
    long maxOutputTokens = -1;
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException("The request body must be a JSON object.", null);
      }
      objectStart = (int) parser.currentTokenLocation().getByteOffset();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "model" -> {
            if (model != null) {
              throw duplicate(field);
            }
            if (value != JsonToken.VALUE_STRING) {
              throw new InvalidRequestException("'model' must be a string.", "model");
            }
            modelStart = (int) parser.currentTokenLocation().getByteOffset();
            model = parser.getText();
            modelEnd = (int) parser.currentLocation().getByteOffset();
          }
          case "stream" -> {
            if (stream != null) {
              throw duplicate(field);
            }
            if (value == JsonToken.VALUE_NULL) {
              stream = false;
            } else if (value.isBoolean()) {
              stream = value == JsonToken.VALUE_TRUE;
            } else {
              throw new InvalidRequestException("'stream' must be a boolean.", "stream");
            }
          }
          case "stream_options" -> {
            if (optionsStart >= 0) {
              throw duplicate(field);
            }
            optionsStart = (int) parser.currentTokenLocation().getByteOffset();
            includeUsage = readIncludeUsage(parser, value);
            optionsEnd = (int) parser.currentLocation().getByteOffset();
          }
          case "user" -> {
            if (value == JsonToken.VALUE_STRING) {
              user = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
          case "metadata" -> metadata = readMetadata(parser, value);
          case "max_tokens", "max_completion_tokens" -> {
            // The upstream validates the value; the gateway only needs it for reservations.
            if (value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() > 0) {
              maxOutputTokens = Math.max(maxOutputTokens, parser.getLongValue());
            } else {
              parser.skipChildren();
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidRequestException("The request body must be a single JSON object.", null);
      }
    } catch (IOException e) {
      throw new InvalidRequestException(
          "We could not parse the JSON body of your request: " + firstLine(e.getMessage()), null);
    }
    if (model == null || model.isEmpty()) {
      throw new InvalidRequestException(
          "You must provide a model parameter.", "model", "missing_required_parameter");
    }
    return new OpenAiRequest(
        body,
        model,
        modelStart,
        modelEnd,
        Boolean.TRUE.equals(stream),
        Boolean.TRUE.equals(includeUsage),
        optionsStart,
        optionsEnd,
        objectStart,
        user,
        metadata,
        maxOutputTokens);
  }

  /** The string entries of an OpenAI {@code metadata} object (other values are skipped). */
  private static Map<String, String> readMetadata(JsonParser parser, JsonToken value)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return Map.of();
    }
    Map<String, String> entries = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (parser.nextToken() == JsonToken.VALUE_STRING) {
        entries.put(key, parser.getText());
      } else {
        parser.skipChildren();
      }
    }
    return entries;
  }

  private static Boolean readIncludeUsage(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.START_OBJECT) {
      throw new InvalidRequestException("'stream_options' must be an object.", "stream_options");
    }
    Boolean include = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken inner = parser.nextToken();
      if ("include_usage".equals(field)) {
        if (!inner.isBoolean()) {
          throw new InvalidRequestException(
              "'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
        }
        include = inner == JsonToken.VALUE_TRUE;
      } else {
        parser.skipChildren();
      }
    }
    return include;
  }

  private static InvalidRequestException duplicate(String field) {
    return new InvalidRequestException(
        "The field '" + field + "' appears more than once in the request body.", field);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  public String model() {
    return model;
  }

  public boolean stream() {
    return stream;
  }

  /** Whether the client asked for the extra usage chunk at the end of a stream. */
  public boolean includeUsage() {
    return includeUsage;
  }

  public Buffer body() {
    return body;
  }

  /** The OpenAI {@code user} field, or null. */
  public String user() {
    return user;
  }

  /** {@code max_completion_tokens} or {@code max_tokens}, or -1 when the request sets neither. */
  public long maxOutputTokens() {
    return maxOutputTokens;
  }

  /** String entries of the OpenAI {@code metadata} object; empty when absent. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The body to send upstream: {@code model} replaced by the upstream model id (null writes {@code
   * "model": null}, for containers that serve one model) and, for streams, {@code
   * stream_options.include_usage} forced on so the gateway always learns the token usage. Returns
   * the original buffer when nothing needs to change.
   *
   * @param streaming whether this operation streams (embeddings never do, whatever the body says)
   */
  public Buffer upstreamBody(String upstreamModel, boolean streaming) {
    boolean renameModel = upstreamModel == null || !upstreamModel.equals(model);
    boolean forceUsage = streaming && stream && !includeUsage;
    if (!renameModel && !forceUsage) {
      return body;
    }
    int modelLength = upstreamModel == null ? 4 : upstreamModel.length();
    Buffer out = Buffer.buffer(body.length() + modelLength + INCLUDE_USAGE.length + 8);
    int cursor = 0;
    if (forceUsage && streamOptionsStart < 0) {
      // No stream_options at all: add it as the first member.
      out.appendBuffer(body, 0, objectStart + 1);
      out.appendBytes(INCLUDE_USAGE);
      out.appendByte((byte) ',');
      cursor = objectStart + 1;
    }
    // The two spans never overlap; write them in body order.
    boolean optionsFirst = forceUsage && streamOptionsStart >= 0 && streamOptionsStart < modelStart;
    if (optionsFirst) {
      cursor = replaceOptions(out, cursor);
    }
    if (renameModel) {
      out.appendBuffer(body, cursor, modelStart - cursor);
      if (upstreamModel == null) {
        out.appendString("null");
      } else {
        out.appendByte((byte) '"');
        out.appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(upstreamModel));
        out.appendByte((byte) '"');
      }
      cursor = modelEnd;
    }
    if (forceUsage && streamOptionsStart >= 0 && !optionsFirst) {
      cursor = replaceOptions(out, cursor);
    }
    out.appendBuffer(body, cursor, body.length() - cursor);
    return out;
  }

  private int replaceOptions(Buffer out, int cursor) {
    out.appendBuffer(body, cursor, streamOptionsStart - cursor);
    // Rare path (a client sent stream_options without include_usage): a small tree is fine here.
    ObjectNode options = TREE.createObjectNode();
    options.put("include_usage", true);
    try {
      JsonNode original = TREE.readTree(body.getBytes(streamOptionsStart, streamOptionsEnd));
      if (original instanceof ObjectNode object) {
        object.properties().forEach(e -> options.putIfAbsent(e.getKey(), e.getValue()));
        options.put("include_usage", true);
      }
      out.appendBytes(TREE.writeValueAsBytes(options));
    } catch (IOException e) {
      throw new IllegalStateException("stream_options was valid when first parsed", e);
    }
    return streamOptionsEnd;
  }
}
