package io.tollgate.proxy.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * One server-sent event as the streaming translators consume and produce it.
 *
 * @param event the {@code event:} field, or null when absent (OpenAI sends none)
 * @param data the {@code data:} lines joined with newlines
 */
public record SseEvent(String event, String data) {

  /** Parses one event's text (without the blank line that ends it). */
  public static SseEvent parse(String text) {
    String event = null;
    StringBuilder data = null;
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        value = value.startsWith(" ") ? value.substring(1) : value;
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return new SseEvent(event, data == null ? "" : data.toString());
  }

  /** Splits a whole SSE body into events; a test and tooling convenience. */
  public static List<SseEvent> parseAll(String body) {
    List<SseEvent> events = new ArrayList<>();
    for (String chunk : body.split("\r?\n\r?\n")) {
      if (!chunk.isBlank()) {
        events.add(parse(chunk));
      }
    }
    return events;
  }

  /** The event's wire text, ending with the blank line. */
  public String render() {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }
}
