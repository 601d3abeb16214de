package io.tollgate.config.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.tollgate.config.ConfigError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code v1/Secret} document: base64 {@code data} decoded, {@code stringData} taken as is
 * and winning on the same key, as the API server merges them. Errors name keys, never values.
 */
final class SecretReader {

  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "metadata", "data", "stringData", "type", "immutable");

  Optional<LoadedSecret> read(
      ObjectNode document, ManifestOrigin origin, List<ConfigError> errors) {
    ObjectMeta metadata = MetadataReader.read(document, origin, "Secret", errors);
    if (metadata == null) {
      return Optional.empty();
    }
    String label = "Secret " + metadata.getNamespace() + "/" + metadata.getName();
    int before = errors.size();
    Iterator<String> fields = document.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        errors.add(
            new ConfigError(
                origin.file(), label, field, CustomResourceReader.unknownField(field, FIELDS)));
      }
    }
    Map<String, String> values = new HashMap<>();
    readMap(document, "data", true, origin, label, values, errors);
    readMap(document, "stringData", false, origin, label, values, errors);
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new LoadedSecret(metadata.getNamespace(), metadata.getName(), values, origin));
  }

  private static void readMap(
      ObjectNode document,
      String field,
      boolean base64,
      ManifestOrigin origin,
      String label,
      Map<String, String> values,
      List<ConfigError> errors) {
    JsonNode node = document.get(field);
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      errors.add(
          new ConfigError(
              origin.file(), label, field, "expected a mapping of keys to string values"));
      return;
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              String key = entry.getKey();
              JsonNode value = entry.getValue();
              String path = field + "." + key;
              if (!value.isTextual()) {
                errors.add(
                    new ConfigError(
                        origin.file(), label, path, "expected a string; put the value in quotes"));
                return;
              }
              if (!base64) {
                values.put(key, value.asText());
                return;
              }
              String decoded = decode(value.asText());
              if (decoded == null) {
                errors.add(
                    new ConfigError(
                        origin.file(),
                        label,
                        path,
                        "not valid base64 of UTF-8 text; put plain text under stringData instead"));
              } else {
                values.put(key, decoded);
              }
            });
  }

  /** The decoded text, or null when the value is not base64 of UTF-8 text. */
  private static String decode(String encoded) {
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded.replaceAll("\\s", ""));
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }
}
