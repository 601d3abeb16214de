package io.tollgate.proxy.upstream.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.proxy.translate.TranslationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Converts between JSON trees in an AWS service's own JSON shape (what Bedrock's REST-JSON API and
 * the Converse golden files carry) and the AWS SDK's model objects, by the field metadata every SDK
 * model class carries: the member's JSON name, its type and, for lists and maps, the member's type.
 * This is the metadata the SDK marshals with, so a tree means here what it means on the wire; the
 * translators can stay pure functions over JSON, and Converse requests from Bedrock clients reach a
 * Bedrock backend whole, whatever members they use.
 *
 * <p>Reading fails closed: a member the model does not have or a value of the wrong type is a
 * {@link TranslationException} naming the path (dotted, as Bedrock writes it: {@code
 * messages.0.content.1.image}). Explicit nulls count as absent. Only body members are read or
 * written; path and header members (the model id) are set by the caller.
 */
final class SdkJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  /** Fills {@code builder} from {@code json} and builds it. */
  static <T> T read(JsonNode json, SdkBuilder<?, T> builder, String path) {
    fill(json, (SdkPojo) builder, path);
    return builder.build();
  }

  /** The JSON tree of a model object (its body members that are set). */
  static ObjectNode write(SdkPojo pojo) {
    ObjectNode out = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      if (field.location() != MarshallLocation.PAYLOAD) {
        continue;
      }
      Object value = field.getValueOrDefault(pojo);
      // Unset lists and maps read as empty "auto-construct" ones: unset, as the SDK marshals them.
      if (value != null
          && !(value instanceof SdkAutoConstructList<?>)
          && !(value instanceof SdkAutoConstructMap<?, ?>)) {
        out.set(field.locationName(), toJson(field, value));
      }
    }
    return out;
  }

  private static void fill(JsonNode json, SdkPojo builder, String path) {
    if (!json.isObject()) {
      throw new TranslationException(path, at(path) + "must be an object");
    }
    Map<String, SdkField<?>> fields = new LinkedHashMap<>();
    for (SdkField<?> field : builder.sdkFields()) {
      if (field.location() == MarshallLocation.PAYLOAD) {
        fields.put(field.locationName(), field);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      String memberPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
      SdkField<?> field = fields.get(member.getKey());
      if (field == null) {
        throw new TranslationException(
            memberPath, "The parameter '" + memberPath + "' is not a member Bedrock knows.");
      }
      if (!member.getValue().isNull()) {
        field.set(builder, fromJson(field, member.getValue(), memberPath));
      }
    }
  }

  private static Object fromJson(SdkField<?> field, JsonNode json, String path) {
    return switch (known(field)) {
      case STRING -> {
        require(json.isTextual(), path, "a string");
        yield json.asText();
      }
      case INTEGER -> {
        require(json.canConvertToInt() && json.isIntegralNumber(), path, "an integer");
        yield json.intValue();
      }
      case LONG -> {
        require(json.canConvertToLong() && json.isIntegralNumber(), path, "an integer");
        yield json.longValue();
      }
      case SHORT -> {
        require(json.isIntegralNumber(), path, "an integer");
        yield json.shortValue();
      }
      case BYTE -> {
        require(json.isIntegralNumber(), path, "an integer");
        yield (byte) json.intValue();
      }
      case FLOAT -> {
        require(json.isNumber(), path, "a number");
        yield json.floatValue();
      }
      case DOUBLE -> {
        require(json.isNumber(), path, "a number");
        yield json.doubleValue();
      }
      case BIG_DECIMAL -> {
        require(json.isNumber(), path, "a number");
        yield json.decimalValue();
      }
      case BOOLEAN -> {
        require(json.isBoolean(), path, "a boolean");
        yield json.booleanValue();
      }
      case INSTANT -> instant(json, path);
      case SDK_BYTES -> {
        require(json.isTextual(), path, "base64 text");
        try {
          yield SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(json.asText()));
        } catch (IllegalArgumentException e) {
          throw new TranslationException(path, at(path) + "must be base64 text");
        }
      }
      case SDK_POJO -> {
        SdkPojo builder = field.constructor().get();
        fill(json, builder, path);
        yield ((SdkBuilder<?, ?>) builder).build();
      }
      case LIST -> {
        require(json.isArray(), path, "a list");
        SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
        List<Object> list = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
          JsonNode item = json.get(i);
          list.add(item.isNull() ? null : fromJson(member, item, path + "." + i));
        }
        yield list;
      }
      case MAP -> {
        require(json.isObject(), path, "an object");
        SdkField<?> value = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
        Map<String, Object> map = new LinkedHashMap<>();
        json.fields()
            .forEachRemaining(
                e ->
                    map.put(
                        e.getKey(),
                        e.getValue().isNull()
                            ? null
                            : fromJson(value, e.getValue(), path + "." + e.getKey())));
        yield map;
      }
      case DOCUMENT -> document(json);
      default -> throw new TranslationException(path, at(path) + "cannot be sent to Bedrock");
    };
  }

  private static JsonNode toJson(SdkField<?> field, Object value) {
    return switch (known(field)) {
      case STRING -> NODES.textNode((String) value);
      case INTEGER -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case SHORT -> NODES.numberNode((Short) value);
      case BYTE -> NODES.numberNode((Byte) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BIG_DECIMAL -> NODES.numberNode((BigDecimal) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      // Bedrock's JSON writes timestamps as epoch seconds.
      case INSTANT -> NODES.numberNode(BigDecimal.valueOf(((Instant) value).toEpochMilli(), 3));
      case SDK_BYTES ->
          NODES.textNode(
              Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe()));
      case SDK_POJO -> write((SdkPojo) value);
      case LIST -> {
        SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
        ArrayNode array = NODES.arrayNode();
        for (Object item : (List<?>) value) {
          array.add(item == null ? NODES.nullNode() : toJson(member, item));
        }
        yield array;
      }
      case MAP -> {
        SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
        ObjectNode object = NODES.objectNode();
        ((Map<?, ?>) value)
            .forEach(
                (k, v) ->
                    object.set(
                        String.valueOf(k), v == null ? NODES.nullNode() : toJson(member, v)));
        yield object;
      }
      case DOCUMENT -> json((Document) value);
      default -> NODES.textNode(String.valueOf(value));
    };
  }

  /** A JSON tree as a Document, the SDK's type for free-form JSON (tool inputs and schemas). */
  static Document document(JsonNode json) {
    if (json == null || json.isNull()) {
      return Document.fromNull();
    }
    if (json.isObject()) {
      Map<String, Document> map = new LinkedHashMap<>();
      json.fields().forEachRemaining(e -> map.put(e.getKey(), document(e.getValue())));
      return Document.fromMap(map);
    }
    if (json.isArray()) {
      List<Document> list = new ArrayList<>(json.size());
      json.forEach(item -> list.add(document(item)));
      return Document.fromList(list);
    }
    if (json.isNumber()) {
      return Document.fromNumber(SdkNumber.fromString(json.asText()));
    }
    if (json.isBoolean()) {
      return Document.fromBoolean(json.booleanValue());
    }
    return Document.fromString(json.asText());
  }

  /** A Document as a JSON tree. */
  static JsonNode json(Document document) {
    if (document == null || document.isNull()) {
      return NODES.nullNode();
    }
    if (document.isMap()) {
      ObjectNode object = NODES.objectNode();
      document.asMap().forEach((k, v) -> object.set(k, json(v)));
      return object;
    }
    if (document.isList()) {
      ArrayNode array = NODES.arrayNode();
      document.asList().forEach(item -> array.add(json(item)));
      return array;
    }
    if (document.isNumber()) {
      BigDecimal number = document.asNumber().bigDecimalValue();
      try {
        return NODES.numberNode(number.longValueExact());
      } catch (ArithmeticException notAnInteger) {
        return NODES.numberNode(number.doubleValue());
      }
    }
    if (document.isBoolean()) {
      return NODES.booleanNode(document.asBoolean());
    }
    return NODES.textNode(document.asString());
  }

  /** Every type a generated model uses is a known one. */
  private static MarshallingKnownType known(SdkField<?> field) {
    MarshallingKnownType type = field.marshallingType().getKnownType();
    if (type == null) {
      throw new IllegalStateException("unknown SDK type of member " + field.memberName());
    }
    return type;
  }

  private static Instant instant(JsonNode json, String path) {
    if (json.isNumber()) {
      return Instant.ofEpochMilli(json.decimalValue().movePointRight(3).longValue());
    }
    try {
      return Instant.parse(json.asText());
    } catch (DateTimeParseException e) {
      throw new TranslationException(path, at(path) + "must be a timestamp");
    }
  }

  private static void require(boolean ok, String path, String what) {
    if (!ok) {
      throw new TranslationException(path, at(path) + "must be " + what);
    }
  }

  private static String at(String path) {
    return path + ": ";
  }
}
