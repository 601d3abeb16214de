package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns Anthropic's {@code system} and {@code messages} into OpenAI chat messages: the system
 * prompt leads, {@code tool_result} blocks become {@code tool} messages placed before the rest of
 * their user turn, and {@code tool_use} blocks become assistant {@code tool_calls}.
 */
final class AnthropicToOpenAiMessages {

  static final String BACKEND = "an OpenAI-compatible backend";

  private AnthropicToOpenAiMessages() {}

  static ArrayNode of(JsonNode system, JsonNode messages) {
    ArrayNode out = JsonTrees.MAPPER.createArrayNode();
    if (!JsonTrees.absent(system)) {
      out.addObject().put("role", "system").put("content", systemText(system));
    }
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new TranslationException("messages", "messages: at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String path = "messages." + i;
      String role = JsonTrees.text(message.get("role"));
      JsonNode content = message.get("content");
      if (content == null || !(content.isTextual() || content.isArray())) {
        throw new TranslationException(
            path + ".content", path + ".content: must be a string or a list of content blocks");
      }
      if ("user".equals(role)) {
        user(message.get("content"), path, out);
      } else if ("assistant".equals(role)) {
        assistant(message.get("content"), path, out);
      } else {
        throw new TranslationException(path + ".role", path + ".role: must be user or assistant");
      }
    }
    return out;
  }

  /** System blocks are text only; {@code cache_control} is dropped (OpenAI caches by itself). */
  private static String systemText(JsonNode system) {
    if (system.isTextual()) {
      return system.asText();
    }
    if (!system.isArray()) {
      throw new TranslationException("system", "system: must be a string or a list of text blocks");
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < system.size(); j++) {
      if (!"text".equals(JsonTrees.text(system.get(j).get("type")))) {
        throw TranslationException.unsupported("system." + j + ".type", BACKEND);
      }
      sb.append(sb.isEmpty() ? "" : "\n").append(system.get(j).path("text").asText());
    }
    return sb.toString();
  }

  private static void user(JsonNode content, String path, ArrayNode out) {
    if (content != null && content.isTextual()) {
      out.addObject().put("role", "user").put("content", content.asText());
      return;
    }
    ArrayNode parts = JsonTrees.MAPPER.createArrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String blockPath = path + ".content." + j;
      switch (block.path("type").asText()) {
        case "tool_result" -> out.add(toolMessage(block, blockPath));
        case "text" ->
            parts.addObject().put("type", "text").put("text", block.path("text").asText());
        case "image" -> parts.add(image(block.path("source"), blockPath));
        default -> throw TranslationException.unsupported(blockPath + ".type", BACKEND);
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

  /**
   * OpenAI has no error flag on tool results: {@code is_error} is dropped and the result text,
   * which states the failure, goes as is.
   */
  private static ObjectNode toolMessage(JsonNode block, String path) {
    ObjectNode message =
        JsonTrees.object()
            .put("role", "tool")
            .put("tool_call_id", block.path("tool_use_id").asText());
    JsonNode content = block.get("content");
    if (content == null || content.isTextual() || content.isNull()) {
      message.put("content", content == null || content.isNull() ? "" : content.asText());
      return message;
    }
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < content.size(); k++) {
      if (!"text".equals(JsonTrees.text(content.get(k).get("type")))) {
        throw TranslationException.unsupported(path + ".content." + k + ".type", BACKEND);
      }
      text.append(text.isEmpty() ? "" : "\n").append(content.get(k).path("text").asText());
    }
    return message.put("content", text.toString());
  }

  private static ObjectNode image(JsonNode source, String path) {
    String url =
        switch (source.path("type").asText()) {
          case "base64" ->
              "data:"
                  + source.path("media_type").asText()
                  + ";base64,"
                  + source.path("data").asText();
          case "url" -> source.path("url").asText();
          default -> throw TranslationException.unsupported(path + ".source.type", BACKEND);
        };
    ObjectNode part = JsonTrees.object().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  /** Thinking blocks are dropped: OpenAI chat has no way to take them back. */
  private static void assistant(JsonNode content, String path, ArrayNode out) {
    ObjectNode message = out.addObject().put("role", "assistant");
    if (content != null && content.isTextual()) {
      message.put("content", content.asText());
      return;
    }
    StringBuilder text = new StringBuilder();
    ArrayNode calls = JsonTrees.MAPPER.createArrayNode();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> {
          ObjectNode call =
              calls.addObject().put("id", block.path("id").asText()).put("type", "function");
          call.putObject("function")
              .put("name", block.path("name").asText())
              .put("arguments", JsonTrees.write(block.path("input")));
        }
        case "thinking", "redacted_thinking" -> {}
        default ->
            throw TranslationException.unsupported(path + ".content." + j + ".type", BACKEND);
      }
    }
    if (text.isEmpty() && !calls.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
  }
}
