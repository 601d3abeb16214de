package io.tollgate.proxy.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The translators' shared Jackson mapper and the few tree reads they all need. */
final class JsonTrees {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The node's text when it is a string, else null. */
  static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** True for a missing field and an explicit JSON null alike. */
  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses JSON text, or returns null when it is not JSON. */
  static JsonNode parseOrNull(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
