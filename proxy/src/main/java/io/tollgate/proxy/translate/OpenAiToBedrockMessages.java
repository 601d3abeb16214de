package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns OpenAI chat {@code messages} into Converse's {@code system} blocks and alternating {@code
 * messages} of content blocks: system and developer messages are hoisted in order, tool messages
 * become {@code toolResult} blocks of a user turn, and consecutive same-role turns are merged.
 * Every content block is a one-member union, as Bedrock requires.
 */
final class OpenAiToBedrockMessages {

  static final String BACKEND = "Amazon Bedrock";

  final ArrayNode system = JsonTrees.MAPPER.createArrayNode();
  final ArrayNode messages = JsonTrees.MAPPER.createArrayNode();

  /** Whether the conversation holds tool calls or results (Bedrock then needs the tools). */
  boolean usesTools;

  /** Converts {@code messages}; throws {@link TranslationException} naming the bad field. */
  static OpenAiToBedrockMessages of(JsonNode input) {
    if (input == null || !input.isArray() || input.isEmpty()) {
      throw new TranslationException("messages", "'messages' must be a non-empty array.");
    }
    OpenAiToBedrockMessages out = new OpenAiToBedrockMessages();
    for (int i = 0; i < input.size(); i++) {
      out.add(input.get(i), "messages[" + i + "]");
    }
    if (out.messages.isEmpty()) {
      throw new TranslationException("messages", "At least one user message is required.");
    }
    return out;
  }

  private void add(JsonNode message, String path) {
    String role = JsonTrees.text(message.get("role"));
    if (role == null) {
      throw new TranslationException(path + ".role", "Each message needs a 'role'.");
    }
    switch (role) {
      case "system", "developer" ->
          system.addObject().put("text", OpenAiContent.plainText(message.get("content"), path));
      case "user" -> append("user", userBlocks(message.get("content"), path));
      case "assistant" -> append("assistant", assistantBlocks(message, path));
      case "tool" -> {
        usesTools = true;
        append("user", List.of(toolResult(message, path)));
      }
      default ->
          throw new TranslationException(
              path + ".role", "The role '" + role + "' is not supported; use tools instead.");
    }
  }

  /** Adds blocks as a turn, merging into the previous turn when it has the same role. */
  private void append(String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return; // an empty assistant turn carries nothing, and Bedrock rejects empty content
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    ArrayNode content;
    if (last != null && role.equals(last.get("role").asText())) {
      content = (ArrayNode) last.get("content");
    } else {
      content = messages.addObject().put("role", role).putArray("content");
    }
    blocks.forEach(content::add);
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
      switch (String.valueOf(JsonTrees.text(part.get("type")))) {
        case "text" -> blocks.add(text(part.path("text").asText()));
        case "image_url" -> blocks.add(image(part.path("image_url").path("url"), partPath));
        default -> throw TranslationException.unsupported(partPath + ".type", BACKEND);
      }
    }
    return blocks;
  }

  /**
   * Bedrock takes image bytes (or S3 objects), never URLs: data URLs become {@code source.bytes};
   * the gateway does not fetch http(s) URLs on a client's behalf. {@code detail} has no peer.
   */
  private static ObjectNode image(JsonNode urlNode, String path) {
    String url = urlNode.asText("");
    String field = path + ".image_url.url";
    if (!url.startsWith("data:")) {
      throw new TranslationException(
          field,
          "Images must be base64 data URLs when the model is served by "
              + BACKEND
              + ", which does not fetch image URLs.");
    }
    int comma = url.indexOf(',');
    String meta = comma < 0 ? "" : url.substring(5, comma);
    if (!meta.endsWith(";base64")) {
      throw new TranslationException(field, "Image data URLs must be base64-encoded.");
    }
    String format =
        switch (meta.substring(0, meta.length() - ";base64".length())) {
          case "image/png" -> "png";
          case "image/jpeg", "image/jpg" -> "jpeg";
          case "image/gif" -> "gif";
          case "image/webp" -> "webp";
          default ->
              throw new TranslationException(
                  field,
                  "Image type '"
                      + meta.substring(0, meta.length() - ";base64".length())
                      + "' is not supported; use jpeg, png, gif or webp.");
        };
    ObjectNode block = JsonTrees.object();
    ObjectNode image = block.putObject("image").put("format", format);
    image.putObject("source").put("bytes", url.substring(comma + 1));
    return block;
  }

  private List<ObjectNode> assistantBlocks(JsonNode message, String path) {
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
        usesTools = true;
        JsonNode call = calls.get(j);
        ObjectNode block = JsonTrees.object();
        ObjectNode use =
            block
                .putObject("toolUse")
                .put("toolUseId", call.path("id").asText())
                .put("name", call.path("function").path("name").asText());
        use.set(
            "input",
            OpenAiContent.toolArguments(
                call.path("function").path("arguments"), path + ".tool_calls[" + j + "]"));
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
    ObjectNode block = JsonTrees.object();
    ObjectNode result = block.putObject("toolResult").put("toolUseId", id);
    ArrayNode blocks = result.putArray("content");
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        if (!"text".equals(JsonTrees.text(content.get(j).get("type")))) {
          throw TranslationException.unsupported(path + ".content[" + j + "].type", BACKEND);
        }
        blocks.add(text(content.get(j).path("text").asText()));
      }
    } else {
      blocks.add(text(content == null ? "" : content.asText()));
    }
    return block;
  }

  private static ObjectNode text(String text) {
    return JsonTrees.object().put("text", text);
  }
}
