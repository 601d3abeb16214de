package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns a TGI token stream ({@code data:{"token":{…},"generated_text":…,"details":…}} events) into
 * OpenAI {@code chat.completion.chunk} events: a role chunk first, one content chunk per token
 * (special tokens such as end-of-turn carry no text), then at the last event — the one with {@code
 * details} — the finish chunk, the usage chunk and {@code [DONE]}. TGI sends a matched stop
 * sequence as generated text; OpenAI never shows it, so text that could be the start of a stop
 * sequence is held back until the next token tells. An {@code {"error"}} event becomes an OpenAI
 * error chunk. Not thread-safe: one instance per stream.
 */
public final class OpenAiToTgiStream {

  private final OpenAiChunks chunks;
  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();
  private JsonNode usage;
  private boolean started;
  private boolean finished;

  OpenAiToTgiStream(OpenAiChunks chunks, List<String> stops) {
    this.chunks = chunks;
    this.stops = stops;
  }

  /** The OpenAI {@code usage} the stream reported, or null before its last event. */
  public JsonNode usage() {
    return usage;
  }

  /** The client bytes (UTF-8 text, possibly empty) for one TGI event. */
  public String accept(SseEvent event) {
    JsonNode data = finished ? null : JsonTrees.parseOrNull(event.data());
    if (data == null || !data.isObject()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    if (!started) {
      started = true;
      out.append(chunks.role());
    }
    if (data.has("error")) {
      finished = true;
      return out.append(error(data)).toString();
    }
    JsonNode token = data.path("token");
    if (!token.path("special").asBoolean(false)) {
      held.append(token.path("text").asText(""));
    }
    JsonNode details = data.get("details");
    if (JsonTrees.absent(details)) {
      int keep = stops.isEmpty() ? 0 : stopPrefixLength();
      emit(out, held.length() - keep);
      return out.toString();
    }
    finished = true;
    String finish = JsonTrees.text(details.get("finish_reason"));
    String rest = held.toString();
    if ("stop_sequence".equals(finish)) {
      rest = OpenAiToTgiTranslator.withoutStop(rest, stops);
    }
    if (!rest.isEmpty()) {
      out.append(chunks.content(rest));
    }
    usage = OpenAiToTgiTranslator.usage(details);
    return out.append(chunks.finish(FinishReasons.openAiFromTgi(finish)))
        .append(chunks.done(usage))
        .toString();
  }

  /** Call when the upstream ended: a stream without its last event was cut short. */
  public String end() {
    if (finished) {
      return "";
    }
    finished = true;
    return (started ? "" : chunks.role()) + OpenAiChunks.endedEarly();
  }

  /** Sends the first {@code length} held characters. */
  private void emit(StringBuilder out, int length) {
    if (length > 0) {
      out.append(chunks.content(held.substring(0, length)));
      held.delete(0, length);
    }
  }

  /** How many held characters at the end could begin a stop sequence. */
  private int stopPrefixLength() {
    int longest = 0;
    for (String stop : stops) {
      for (int k = Math.min(stop.length(), held.length()); k > longest; k--) {
        if (endsWithPrefix(stop, k)) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }

  private boolean endsWithPrefix(String stop, int k) {
    int from = held.length() - k;
    for (int i = 0; i < k; i++) {
      if (held.charAt(from + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** TGI's {@code {"error", "error_type"}} as OpenAI's error event. */
  private static String error(JsonNode data) {
    String type = data.path("error_type").asText("");
    String message = data.path("error").asText("The model failed while generating.");
    TranslatedError mapped =
        switch (type) {
          case "validation" ->
              ErrorMapping.openAi(400, message, "invalid_request_error", "invalid_request");
          case "overloaded" -> ErrorMapping.openAi(429, message, "rate_limit_error", "overloaded");
          default -> ErrorMapping.openAi(500, message, "server_error", "upstream_error");
        };
    return OpenAiChunks.data(mapped.body());
  }
}
