package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Decides the deterministic answer to a chat request: echo text, fixed text or a tool call. */
final class ChatPlanner {

  static final String ECHO_PREFIX = "Hello! You said: ";
  static final String TOOL_RESULT_PREFIX = "Tool result: ";

  private final Knobs knobs;
  private final AtomicLong toolCallIds = new AtomicLong();

  ChatPlanner(Knobs knobs) {
    this.knobs = knobs;
  }

  /** Plans the reply; the caller has already checked that model and messages are present. */
  ChatPlan plan(JsonNode req, String model) {
    JsonNode messages = req.get("messages");
    boolean stream = req.path("stream").asBoolean(false);
    boolean includeUsage = stream && req.path("stream_options").path("include_usage").asBoolean();
    int chunks = knobs.streamChunks;
    int promptTokens = promptTokens(messages);
    String quotedModel = Json.escape(model);

    JsonNode last = messages.size() > 0 ? messages.get(messages.size() - 1) : null;
    boolean lastIsTool = last != null && "tool".equals(Json.text(last.get("role")));
    String toolName = lastIsTool ? null : chosenTool(req);
    if (toolName != null) {
      String args = knobs.toolArguments;
      List<String> fragments = Words.split(args, chunks).stream().map(Json::escape).toList();
      return new ChatPlan(
          quotedModel,
          stream,
          includeUsage,
          null,
          "call_fake" + Long.toHexString(toolCallIds.incrementAndGet()),
          Json.escape(toolName),
          Json.escape(args),
          fragments,
          "tool_calls",
          promptTokens,
          Words.count(args) + 1);
    }

    int maxTokens = maxTokens(req);
    FixedReply fixed = knobs.fixedReply;
    if (fixed != null && !lastIsTool && fixed.words() <= maxTokens) {
      FixedReply prepared = fixed.forChunks(chunks);
      if (prepared != fixed && knobs.fixedReply == fixed) {
        // Cache the re-split reply so the next requests with this chunk count reuse it; a
        // concurrent setFixedReply may win the race, which only costs one more re-split.
        knobs.fixedReply = prepared;
      }
      return textPlan(quotedModel, stream, includeUsage, prepared, "stop", promptTokens);
    }

    String text;
    if (lastIsTool) {
      text = TOOL_RESULT_PREFIX + contentText(last.get("content"));
    } else if (fixed != null) {
      text = fixed.text();
    } else {
      text = ECHO_PREFIX + lastUserText(messages);
    }
    String finish = "stop";
    if (Words.count(text) > maxTokens) {
      text = Words.firstWords(text, maxTokens);
      finish = "length";
    }
    return textPlan(
        quotedModel, stream, includeUsage, FixedReply.of(text, chunks), finish, promptTokens);
  }

  private static ChatPlan textPlan(
      String quotedModel,
      boolean stream,
      boolean includeUsage,
      FixedReply reply,
      String finish,
      int promptTokens) {
    return new ChatPlan(
        quotedModel,
        stream,
        includeUsage,
        reply.quotedText(),
        null,
        null,
        null,
        reply.quotedPieces(),
        finish,
        promptTokens,
        reply.words());
  }

  /** The tool the model "decides" to call, or null when it should answer with text. */
  private static String chosenTool(JsonNode req) {
    JsonNode tools = req.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      return null;
    }
    JsonNode choice = req.get("tool_choice");
    if (choice != null && "none".equals(choice.asText())) {
      return null;
    }
    if (choice != null && choice.isObject()) {
      String named = Json.text(choice.path("function").get("name"));
      if (named == null) {
        named = Json.text(choice.get("name"));
      }
      if (named != null) {
        return named;
      }
    }
    JsonNode first = tools.get(0);
    String name = Json.text(first.path("function").get("name"));
    return name != null ? name : String.valueOf(Json.text(first.get("name")));
  }

  private static int maxTokens(JsonNode req) {
    JsonNode max = req.get("max_completion_tokens");
    if (max == null || !max.isNumber()) {
      max = req.get("max_tokens");
    }
    return max != null && max.isNumber() && max.asInt() > 0 ? max.asInt() : Integer.MAX_VALUE;
  }

  /** Words of every message's text plus 3 per message, mimicking OpenAI's per-message overhead. */
  static int promptTokens(JsonNode messages) {
    int tokens = 0;
    for (JsonNode m : messages) {
      tokens += 3 + Words.count(contentText(m.get("content")));
    }
    return tokens;
  }

  private static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode m = messages.get(i);
      if ("user".equals(Json.text(m.get("role")))) {
        return contentText(m.get("content"));
      }
    }
    return "";
  }

  /** A message content as text: the string itself, or its text parts joined by a space. */
  static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      JsonNode text = part.get("text");
      if (text != null && text.isTextual()) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(text.asText());
      }
    }
    return sb.toString();
  }
}
