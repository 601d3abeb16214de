package io.tollgate.config.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.tollgate.config.ConfigError;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Binds a {@code tollgate.io} document to its Java type strictly: an unknown field (usually a typo)
 * or a value of the wrong type is an error naming the field, as the API server would reject it.
 */
final class CustomResourceReader {

  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private final ObjectMapper strict;

  CustomResourceReader() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // 'requestsPerMinute: 1.5' is not an integer; the API server rejects it, so do we.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    // 'model: 4' is a number in YAML; the API server would reject it for a string field, so do we.
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Collection)) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    this.strict = mapper;
  }

  /**
   * The resource, or empty when it has errors (added to {@code errors}). Metadata is bound
   * leniently (labels, annotations and server-set fields are all fine); the spec strictly.
   */
  <S, R extends CustomResource<S, ?>> Optional<LoadedResource<R>> read(
      ObjectNode document,
      ManifestOrigin origin,
      Supplier<R> newResource,
      Class<S> specType,
      List<ConfigError> errors) {
    R resource = newResource.get();
    String kind = resource.getKind();
    ObjectMeta metadata = MetadataReader.read(document, origin, kind, errors);
    if (metadata == null) {
      return Optional.empty();
    }
    String label = kind + " " + metadata.getNamespace() + "/" + metadata.getName();
    int before = errors.size();
    document
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!TOP_LEVEL_FIELDS.contains(field)) {
                errors.add(
                    new ConfigError(
                        origin.file(), label, field, unknownField(field, TOP_LEVEL_FIELDS)));
              }
            });
    S spec = null;
    JsonNode specNode = document.get("spec");
    if (specNode != null && !specNode.isNull()) {
      try {
        spec = strict.treeToValue(specNode, specType);
      } catch (UnrecognizedPropertyException e) {
        errors.add(
            new ConfigError(
                origin.file(),
                label,
                path("spec", e),
                unknownField(e.getPropertyName(), e.getKnownPropertyIds())));
      } catch (MismatchedInputException e) {
        errors.add(new ConfigError(origin.file(), label, path("spec", e), "expected " + shape(e)));
      } catch (JsonMappingException e) {
        errors.add(new ConfigError(origin.file(), label, path("spec", e), "invalid value"));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        errors.add(new ConfigError(origin.file(), label, "spec", "invalid value"));
      }
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    resource.setMetadata(metadata);
    resource.setSpec(spec);
    return Optional.of(new LoadedResource<>(resource, origin));
  }

  static String unknownField(String field, Collection<?> known) {
    String knownList =
        known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    return "unknown field '" + field + "'; known fields: " + knownList;
  }

  /** E.g. {@code spec.backends[0].provider}. */
  private static String path(String root, JsonMappingException e) {
    StringBuilder out = new StringBuilder(root);
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String shape(MismatchedInputException e) {
    Class<?> target = e.getTargetType();
    if (target == null) {
      return "a different type";
    }
    if (target == String.class) {
      return "a string";
    }
    if (target == Integer.class
        || target == Long.class
        || target == int.class
        || target == long.class
        || target == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(target) || target == double.class) {
      return "a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(target)) {
      return "a list";
    }
    return "a mapping (an object with fields)";
  }
}
