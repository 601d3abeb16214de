package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the OpenAI {@code chat.completion.chunk} events of one translated stream, each as SSE
 * text: deltas, the finish chunk, the usage-only chunk and {@code [DONE]}. With {@code
 * include_usage} every chunk carries {@code "usage": null} until the usage chunk, as OpenAI's do.
 */
final class OpenAiChunks {

  static final String DONE = "data: [DONE]\n\n";

  private final String model;
  private final long created;
  private final boolean includeUsage;
  private String id;

  OpenAiChunks(String id, String model, long created, boolean includeUsage) {
    this.id = id;
    this.model = model;
    this.created = created;
    this.includeUsage = includeUsage;
  }

  /** Renames the stream, for upstreams that name it in their first event. */
  void id(String id) {
    this.id = id;
  }

  boolean includeUsage() {
    return includeUsage;
  }

  /** A chunk with one choice carrying {@code delta} (and the finish reason, or null). */
  String delta(ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope();
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return data(chunk);
  }

  String content(String text) {
    return delta(JsonTrees.object().put("content", text), null);
  }

  /** The first chunk, naming the role. */
  String role() {
    return delta(JsonTrees.object().put("role", "assistant").put("content", ""), null);
  }

  String toolCall(ObjectNode call) {
    ObjectNode delta = JsonTrees.object();
    delta.putArray("tool_calls").add(call);
    return delta(delta, null);
  }

  String finish(String finishReason) {
    return delta(JsonTrees.object(), finishReason);
  }

  /** The usage chunk when the client asked for it and it is known, then {@code [DONE]}. */
  String done(JsonNode usage) {
    if (!includeUsage || usage == null) {
      return DONE;
    }
    ObjectNode chunk = envelope();
    chunk.putArray("choices");
    chunk.set("usage", usage);
    return data(chunk) + DONE;
  }

  /** The error event that ends a stream cut short upstream. */
  static String endedEarly() {
    return data(
        ErrorMapping.openAi(
                502, "The upstream stream ended unexpectedly.", "server_error", "upstream_error")
            .body());
  }

  private ObjectNode envelope() {
    return JsonTrees.object()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }

  static String data(JsonNode node) {
    return "data: " + JsonTrees.write(node) + "\n\n";
  }
}
