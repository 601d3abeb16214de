package io.tollgate.proxy.translate;

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

  static BedrockEvent event(String type, ObjectNode payload) {
    return new BedrockEvent(type, payload, false);
  }

  public static BedrockEvent exception(String type, String message) {
    return new BedrockEvent(type, JsonTrees.object().put("message", message), true);
  }
}
