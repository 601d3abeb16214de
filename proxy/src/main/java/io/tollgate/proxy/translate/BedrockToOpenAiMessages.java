package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Turns Bedrock Converse's {@code system} and {@code messages} into OpenAI chat messages. Every
 * content block is a union with exactly one member; {@code toolResult} blocks become {@code tool}
 * messages placed before the rest of their user turn, {@code toolUse} blocks become assistant
 * {@code tool_calls}, images become data URLs. Cache points are dropped: OpenAI caches prefixes by
 * itself.
 */
final class BedrockToOpenAiMessages {

  static final String BACKEND = AnthropicToOpenAiMessages.BACKEND;
  private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

  private BedrockToOpenAiMessages() {}

  static ArrayNode of(JsonNode system, JsonNode messages) {
    ArrayNode out = JsonTrees.MAPPER.createArrayNode();
    String systemText = systemText(system);
    if (systemText != null) {
      out.addObject().put("role", "system").put("content", systemText);
    }
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new TranslationException("messages", "messages: at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String path = "messages." + i;
      JsonNode content = message.get("content");
      if (content == null || !content.isArray()) {
        throw new TranslationException(
            path + ".content", path + ".content: must be a list of content blocks");
      }
      String role = JsonTrees.text(message.get("role"));
      if ("user".equals(role)) {
        user(content, path, out);
      } else if ("assistant".equals(role)) {
        assistant(content, path, out);
      } else {
        throw new TranslationException(path + ".role", path + ".role: must be user or assistant");
      }
    }
    return out;
  }

  /** The system blocks' text joined by newlines, or null when there is none. */
  private static String systemText(JsonNode system) {
    if (JsonTrees.absent(system)) {
      return null;
    }
    if (!system.isArray()) {
      throw new TranslationException("system", "system: must be a list of system blocks");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < system.size(); j++) {
      String path = "system." + j;
      switch (member(system.get(j), path)) {
        case "text" -> text.append(text.isEmpty() ? "" : "\n").append(textOf(system.get(j), path));
        case "cachePoint" -> {}
        default -> throw unsupported(system.get(j), path);
      }
    }
    return text.isEmpty() ? null : text.toString();
  }

  private static void user(JsonNode content, String path, ArrayNode out) {
    ArrayNode parts = JsonTrees.MAPPER.createArrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String blockPath = path + ".content." + j;
      switch (member(block, blockPath)) {
        case "text" -> parts.addObject().put("type", "text").put("text", textOf(block, blockPath));
        case "image" -> parts.add(image(block.get("image"), blockPath + ".image"));
        case "toolResult" -> out.add(toolMessage(block.get("toolResult"), blockPath));
        case "cachePoint" -> {}
        default -> throw unsupported(block, blockPath);
      }
    }
    if (parts.isEmpty()) {
      return;
    }
    ObjectNode message = out.addObject().put("role", "user");
    if (parts.size() == 1 && "text".equals(parts.get(0).path("type").asText())) {
      message.put("content", parts.get(0).path("text").asText());
    } else {
      message.set("content", parts);
    }
  }

  /** Reasoning blocks are dropped: OpenAI chat has no way to take them back. */
  private static void assistant(JsonNode content, String path, ArrayNode out) {
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JsonTrees.MAPPER.createArrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String blockPath = path + ".content." + j;
      switch (member(block, blockPath)) {
        case "text" -> text.append(textOf(block, blockPath));
        case "toolUse" -> {
          JsonNode use = block.get("toolUse");
          ObjectNode call =
              calls.addObject().put("id", use.path("toolUseId").asText()).put("type", "function");
          call.putObject("function")
              .put("name", use.path("name").asText())
              .put("arguments", use.has("input") ? JsonTrees.write(use.get("input")) : "{}");
        }
        case "reasoningContent", "cachePoint" -> {}
        default -> throw unsupported(block, blockPath);
      }
    }
    ObjectNode message = out.addObject().put("role", "assistant");
    if (text.isEmpty() && !calls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
  }

  /**
   * OpenAI has no error flag on tool results: {@code status} is dropped and the result text, which
   * states the failure, goes as is. JSON results go as their JSON text.
   */
  private static ObjectNode toolMessage(JsonNode result, String path) {
    StringBuilder text = new StringBuilder();
    JsonNode content = result.path("content");
    for (int k = 0; k < content.size(); k++) {
      JsonNode part = content.get(k);
      String partPath = path + ".toolResult.content." + k;
      String piece =
          switch (member(part, partPath)) {
            case "text" -> textOf(part, partPath);
            case "json" -> JsonTrees.write(part.get("json"));
            default -> throw unsupported(part, partPath);
          };
      text.append(text.isEmpty() ? "" : "\n").append(piece);
    }
    return JsonTrees.object()
        .put("role", "tool")
        .put("tool_call_id", result.path("toolUseId").asText())
        .put("content", text.toString());
  }

  private static ObjectNode image(JsonNode image, String path) {
    String format = JsonTrees.text(image.get("format"));
    if (format == null || !IMAGE_FORMATS.contains(format)) {
      throw new TranslationException(
          path + ".format", path + ".format: must be one of png, jpeg, gif, webp");
    }
    String bytes = JsonTrees.text(image.path("source").get("bytes"));
    if (bytes == null) {
      // S3 locations would need the gateway to read the caller's bucket.
      throw TranslationException.unsupported(path + ".source", BACKEND);
    }
    ObjectNode part = JsonTrees.object().put("type", "image_url");
    part.putObject("image_url").put("url", "data:image/" + format + ";base64," + bytes);
    return part;
  }

  /**
   * The one member a content block sets. Zero or several members is a malformed union, which
   * Bedrock itself refuses, so the gateway does too.
   */
  static String member(JsonNode block, String path) {
    if (block == null || !block.isObject() || block.size() != 1) {
      throw new TranslationException(path, path + ": a content block must set exactly one member");
    }
    Iterator<String> names = block.fieldNames();
    return names.next();
  }

  private static String textOf(JsonNode block, String path) {
    String text = JsonTrees.text(block.get("text"));
    if (text == null) {
      throw new TranslationException(path + ".text", path + ".text: must be a string");
    }
    return text;
  }

  private static TranslationException unsupported(JsonNode block, String path) {
    return TranslationException.unsupported(path + "." + block.fieldNames().next(), BACKEND);
  }
}
