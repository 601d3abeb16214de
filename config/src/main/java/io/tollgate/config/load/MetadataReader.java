package io.tollgate.config.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.tollgate.config.ConfigError;
import java.util.List;

/** Reads a document's {@code metadata}: name required, namespace defaulting to {@code default}. */
final class MetadataReader {

  static final String DEFAULT_NAMESPACE = "default";

  private static final ObjectMapper LENIENT = JsonMapper.builder().build();

  private MetadataReader() {}

  /** The metadata with namespace set, or null after adding an error. */
  static ObjectMeta read(
      ObjectNode document, ManifestOrigin origin, String kind, List<ConfigError> errors) {
    String where = kind + " in document " + origin.document() + " (line " + origin.line() + ")";
    JsonNode node = document.get("metadata");
    if (!(node instanceof ObjectNode)) {
      errors.add(
          new ConfigError(
              origin.file(),
              null,
              "metadata",
              where + " needs metadata with a name, e.g. metadata: {name: chat-fast}"));
      return null;
    }
    JsonNode name = node.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      errors.add(
          new ConfigError(
              origin.file(), null, "metadata.name", where + " needs a metadata.name (a string)"));
      return null;
    }
    JsonNode namespace = node.get("namespace");
    if (namespace != null && !namespace.isNull() && !namespace.isTextual()) {
      errors.add(
          new ConfigError(
              origin.file(),
              kind + " " + name.asText(),
              "metadata.namespace",
              "expected a string"));
      return null;
    }
    ObjectMeta metadata;
    try {
      metadata = LENIENT.treeToValue(node, ObjectMeta.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      errors.add(
          new ConfigError(
              origin.file(),
              kind + " " + name.asText(),
              "metadata",
              "not valid Kubernetes object metadata (check labels and annotations are string"
                  + " maps)"));
      return null;
    }
    if (metadata.getNamespace() == null || metadata.getNamespace().isBlank()) {
      metadata.setNamespace(DEFAULT_NAMESPACE);
    }
    return metadata;
  }
}
