package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** Answers {@code POST /v1/embeddings} with deterministic unit vectors derived from the input. */
final class EmbeddingsWriter {

  /** One input to embed: the text that seeds its vector and its token count. */
  private record Input(String seedText, int tokens) {}

  private EmbeddingsWriter() {}

  /**
   * The inputs of a request, or null when {@code input} has none of OpenAI's accepted shapes:
   * string, string[], int[] (one tokenized input) or int[][].
   */
  private static List<Input> inputs(JsonNode input) {
    List<Input> out = new ArrayList<>();
    if (input.isTextual()) {
      out.add(text(input.asText()));
      return out;
    }
    if (!input.isArray() || input.isEmpty()) {
      return null;
    }
    if (input.get(0).isNumber()) {
      return tokensInput(input) == null ? null : List.of(tokensInput(input));
    }
    for (JsonNode item : input) {
      Input one =
          item.isTextual() ? text(item.asText()) : item.isArray() ? tokensInput(item) : null;
      if (one == null) {
        return null;
      }
      out.add(one);
    }
    return out;
  }

  private static Input text(String s) {
    return new Input(s, Words.count(s));
  }

  private static Input tokensInput(JsonNode tokens) {
    StringBuilder seed = new StringBuilder("tokens:");
    for (JsonNode t : tokens) {
      if (!t.isIntegralNumber()) {
        return null;
      }
      seed.append(t.asLong()).append(',');
    }
    return new Input(seed.toString(), tokens.size());
  }

  /** The response body, or null when the input is malformed. */
  static Buffer write(JsonNode req, String model, int defaultDimensions) {
    List<Input> inputs = inputs(req.get("input"));
    if (inputs == null) {
      return null;
    }
    JsonNode dimsNode = req.get("dimensions");
    int dims =
        dimsNode != null && dimsNode.isInt() && dimsNode.asInt() > 0
            ? dimsNode.asInt()
            : defaultDimensions;
    boolean base64 = "base64".equals(Json.text(req.get("encoding_format")));
    StringBuilder sb = new StringBuilder(64 + inputs.size() * dims * 12);
    sb.append("{\"object\":\"list\",\"data\":[");
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      tokens += in.tokens();
      float[] v = vector(in.seedText(), dims);
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":");
      if (base64) {
        sb.append('"').append(base64(v)).append('"');
      } else {
        sb.append('[');
        for (int d = 0; d < v.length; d++) {
          if (d > 0) {
            sb.append(',');
          }
          sb.append(v[d]);
        }
        sb.append(']');
      }
      sb.append('}');
    }
    sb.append("],\"model\":\"")
        .append(Json.escape(model))
        .append("\",\"usage\":{\"prompt_tokens\":")
        .append(tokens)
        .append(",\"total_tokens\":")
        .append(tokens)
        .append("}}");
    return Buffer.buffer(sb.toString());
  }

  /** A unit-length vector seeded by the text, so equal inputs always embed identically. */
  static float[] vector(String text, int dims) {
    long seed = 0xcbf29ce484222325L; // FNV-1a: stable across JVMs, unlike identity hashes
    for (int i = 0; i < text.length(); i++) {
      seed = (seed ^ text.charAt(i)) * 0x100000001b3L;
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[dims];
    double norm = 0;
    for (int d = 0; d < dims; d++) {
      v[d] = (float) (random.nextDouble() * 2 - 1);
      norm += v[d] * v[d];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < dims; d++) {
      v[d] *= scale;
    }
    return v;
  }

  /** OpenAI's base64 encoding: the raw little-endian float32 array. */
  static String base64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bytes.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
