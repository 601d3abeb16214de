package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One ConverseStream event as the Bedrock translators produce it, before it is framed for the wire:
 * the union member it carries ({@code messageStart}, {@code contentBlockDelta}, …) and its JSON
 * payload. An exception event ({@code throttlingException}, {@code modelStreamErrorException}, …)
 * ends the stream with an error the SDKs raise.
 *
 * @param type the event or exception type, e.g. {@code contentBlockDelta}
 * @param payload the member's JSON
 * @param exception whether this is an exception message rather than an event
 */
public record BedrockEvent(String type, ObjectNode payload, boolean exception) {

  private static final String EXCEPTION_PREFIX = "exception ";

  static BedrockEvent event(String type, ObjectNode payload) {
    return new BedrockEvent(type, payload, false);
  }

  public static BedrockEvent exception(String type, String message) {
    return new BedrockEvent(type, JsonTrees.object().put("message", message), true);
  }

  /**
   * The event as Bedrock backends' streams carry it inside the gateway (and the golden files write
   * it): {@code event: <type>} or {@code event: exception <type>}, the payload as {@code data}.
   */
  public SseEvent toSse() {
    return new SseEvent(exception ? EXCEPTION_PREFIX + type : type, JsonTrees.write(payload));
  }

  /** Reads {@link #toSse()}'s form back; null when the data is not a JSON object. */
  public static BedrockEvent fromSse(SseEvent event) {
    JsonNode payload = JsonTrees.parseOrNull(event.data());
    if (payload == null || !payload.isObject() || event.event() == null) {
      return null;
    }
    String name = event.event();
    boolean exception = name.startsWith(EXCEPTION_PREFIX);
    return new BedrockEvent(
        exception ? name.substring(EXCEPTION_PREFIX.length()) : name,
        (ObjectNode) payload,
        exception);
  }
}
