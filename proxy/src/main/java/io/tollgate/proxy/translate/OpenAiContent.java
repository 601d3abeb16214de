package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading OpenAI message {@code content} and tool calls, shared by the translators to other
 * schemas.
 */
final class OpenAiContent {

  private OpenAiContent() {}

  /**
   * A message's content as one text: a string as it is, or its text parts joined by newlines; any
   * other part is a 400 naming it (system, developer and tool messages carry text only).
   *
   * @param path the message's place in the request, e.g. {@code messages[0]}, for errors
   */
  static String plainText(JsonNode content, String path) {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content == null || !content.isArray()) {
      throw new TranslationException(path + ".content", "'content' must be a string or parts.");
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      if (!"text".equals(JsonTrees.text(part.get("type")))) {
        throw new TranslationException(
            path + ".content[" + j + "].type", "Only text parts are allowed in this message.");
      }
      sb.append(sb.isEmpty() ? "" : "\n").append(part.path("text").asText());
    }
    return sb.toString();
  }

  /**
   * A tool call's {@code function.arguments}, which OpenAI sends as JSON text, as the object the
   * other schemas want; blank is an empty object, anything but an object is a 400.
   *
   * @param path the tool call's place in the request, e.g. {@code messages[2].tool_calls[0]}
   */
  static JsonNode toolArguments(JsonNode arguments, String path) {
    String text = arguments.asText("");
    if (text.isBlank()) {
      return JsonTrees.object();
    }
    JsonNode parsed = JsonTrees.parseOrNull(text);
    if (parsed == null || !parsed.isObject()) {
      throw new TranslationException(
          path + ".function.arguments", "Tool call arguments must be a JSON object.");
    }
    return parsed;
  }
}
