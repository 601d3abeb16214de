package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns OpenAI chat {@code messages} into Anthropic's {@code system} and alternating {@code
 * messages}: system and developer messages are hoisted in order, tool messages become {@code
 * tool_result} blocks of a user turn, and consecutive same-role turns are merged.
 */
final class OpenAiToAnthropicMessages {

  static final String BACKEND = "Anthropic";
  private static final List<String> IMAGE_TYPES =
      List.of("image/jpeg", "image/png", "image/gif", "image/webp");

  final List<String> system = new ArrayList<>();
  final ArrayNode messages = JsonTrees.MAPPER.createArrayNode();

  /** Converts {@code messages}; throws {@link TranslationException} naming the bad field. */
  static OpenAiToAnthropicMessages of(JsonNode input) {
    if (input == null || !input.isArray() || input.isEmpty()) {
      throw new TranslationException("messages", "'messages' must be a non-empty array.");
    }
    OpenAiToAnthropicMessages out = new OpenAiToAnthropicMessages();
    for (int i = 0; i < input.size(); i++) {
      out.add(input.get(i), "messages[" + i + "]");
    }
    if (out.messages.isEmpty()) {
      throw new TranslationException("messages", "At least one user message is required.");
    }
    out.collapseSingleText();
    return out;
  }

  private void add(JsonNode message, String path) {
    String role = JsonTrees.text(message.get("role"));
    if (role == null) {
      throw new TranslationException(path + ".role", "Each message needs a 'role'.");
    }
    switch (role) {
      case "system", "developer" ->
          system.add(OpenAiContent.plainText(message.get("content"), path));
      case "user" -> append("user", userBlocks(message.get("content"), path));
      case "assistant" -> append("assistant", assistantBlocks(message, path));
      case "tool" -> append("user", List.of(toolResult(message, path)));
      default ->
          throw new TranslationException(
              path + ".role", "The role '" + role + "' is not supported; use tools instead.");
    }
  }

  /** Adds blocks as a turn, merging into the previous turn when it has the same role. */
  private void append(String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return; // an empty assistant turn carries nothing, and Anthropic rejects empty content
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    ArrayNode content;
    if (last != null && role.equals(last.get("role").asText())) {
      content = (ArrayNode) last.get("content");
    } else {
      ObjectNode turn = messages.addObject().put("role", role);
      content = turn.putArray("content");
    }
    blocks.forEach(content::add);
  }

  /** A turn made of one plain text block goes out as a string, as clients usually write it. */
  private void collapseSingleText() {
    for (JsonNode turn : messages) {
      JsonNode content = turn.get("content");
      if (content.size() == 1
          && "text".equals(content.get(0).path("type").asText())
          && content.get(0).size() == 2) {
        ((ObjectNode) turn).put("content", content.get(0).get("text").asText());
      }
    }
  }

  private static List<ObjectNode> userBlocks(JsonNode content, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (content != null && content.isTextual()) {
      blocks.add(text(content.asText()));
      return blocks;
    }
    if (content == null || !content.isArray()) {
      throw new TranslationException(path + ".content", "'content' must be a string or parts.");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partPath = path + ".content[" + j + "]";
      String type = String.valueOf(JsonTrees.text(part.get("type")));
      switch (type) {
        case "text" -> blocks.add(text(part.path("text").asText()));
        case "image_url" -> blocks.add(image(part.path("image_url").path("url"), partPath));
        default -> throw TranslationException.unsupported(partPath + ".type", BACKEND);
      }
    }
    return blocks;
  }

  /** Data URLs become base64 sources, http(s) URLs url sources; {@code detail} has no peer. */
  private static ObjectNode image(JsonNode urlNode, String path) {
    String url = urlNode.asText("");
    ObjectNode block = JsonTrees.object().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String meta = comma < 0 ? "" : url.substring(5, comma);
      if (!meta.endsWith(";base64")) {
        throw new TranslationException(
            path + ".image_url.url", "Image data URLs must be base64-encoded.");
      }
      String mediaType = meta.substring(0, meta.length() - ";base64".length());
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw new TranslationException(
            path + ".image_url.url",
            "Image type '" + mediaType + "' is not supported; use jpeg, png, gif or webp.");
      }
      source
          .put("type", "base64")
          .put("media_type", mediaType)
          .put("data", url.substring(comma + 1));
    } else if (url.startsWith("https://") || url.startsWith("http://")) {
      source.put("type", "url").put("url", url);
    } else {
      throw new TranslationException(path + ".image_url.url", "Unsupported image URL.");
    }
    return block;
  }

  private static List<ObjectNode> assistantBlocks(JsonNode message, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    JsonNode content = message.get("content");
    if (!JsonTrees.absent(content)) {
      String text = OpenAiContent.plainText(content, path);
      if (!text.isEmpty()) {
        blocks.add(text(text));
      }
    }
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (int j = 0; j < calls.size(); j++) {
        JsonNode call = calls.get(j);
        String callPath = path + ".tool_calls[" + j + "]";
        ObjectNode block =
            JsonTrees.object()
                .put("type", "tool_use")
                .put("id", call.path("id").asText())
                .put("name", call.path("function").path("name").asText());
        block.set(
            "input",
            OpenAiContent.toolArguments(call.path("function").path("arguments"), callPath));
        blocks.add(block);
      }
    }
    return blocks;
  }

  private static ObjectNode toolResult(JsonNode message, String path) {
    String id = JsonTrees.text(message.get("tool_call_id"));
    if (id == null) {
      throw new TranslationException(path + ".tool_call_id", "Tool messages need 'tool_call_id'.");
    }
    ObjectNode block = JsonTrees.object().put("type", "tool_result").put("tool_use_id", id);
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      ArrayNode blocks = block.putArray("content");
      for (int j = 0; j < content.size(); j++) {
        if (!"text".equals(JsonTrees.text(content.get(j).get("type")))) {
          throw TranslationException.unsupported(path + ".content[" + j + "].type", BACKEND);
        }
        blocks.add(text(content.get(j).path("text").asText()));
      }
    } else {
      block.put("content", content == null ? "" : content.asText());
    }
    return block;
  }

  private static ObjectNode text(String text) {
    return JsonTrees.object().put("type", "text").put("text", text);
  }
}
