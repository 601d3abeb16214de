package io.tollgate.fakes;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Shared Jackson mapper and the string escaping the hand-written JSON writers rely on. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The JSON-escaped content of a string literal, without the surrounding quotes. */
  static String escape(String s) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(s));
  }

  /** Text of a node when it is a string, else null (OpenAI rejects non-string ids anyway). */
  static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
