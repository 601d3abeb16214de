package io.tollgate.fakes;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes {@code application/vnd.amazon.eventstream} messages: a prelude (total length, headers
 * length, CRC32 of those 8 bytes), string headers, the payload and a CRC32 of everything before.
 */
final class EventStreamFrames {

  private static final byte STRING_TYPE = 7;

  private EventStreamFrames() {}

  /** An {@code event} message of the given member type with a JSON payload. */
  static Buffer event(String eventType, String json) {
    return event(eventType, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code event} message with a raw payload, e.g. a SageMaker PayloadPart's bytes. */
  static Buffer event(String eventType, String contentType, byte[] payload) {
    return frame(
        payload, ":event-type", eventType, ":content-type", contentType, ":message-type", "event");
  }

  /** A modeled {@code exception} message, e.g. {@code throttlingException}, with a JSON payload. */
  static Buffer exception(String exceptionType, String json) {
    return frame(
        json.getBytes(StandardCharsets.UTF_8),
        ":exception-type",
        exceptionType,
        ":content-type",
        "application/json",
        ":message-type",
        "exception");
  }

  /** One message; {@code headers} alternates names and string values. */
  static Buffer frame(byte[] payload, String... headers) {
    Buffer headerBytes = Buffer.buffer();
    for (int i = 0; i < headers.length; i += 2) {
      byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
      byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
      headerBytes
          .appendByte((byte) name.length)
          .appendBytes(name)
          .appendByte(STRING_TYPE)
          .appendUnsignedShort(value.length)
          .appendBytes(value);
    }
    int total = 12 + headerBytes.length() + payload.length + 4;
    Buffer frame = Buffer.buffer(total);
    frame.appendInt(total).appendInt(headerBytes.length());
    frame.appendUnsignedInt(crc(frame.getBytes(0, 8)));
    frame.appendBuffer(headerBytes).appendBytes(payload);
    frame.appendUnsignedInt(crc(frame.getBytes()));
    return frame;
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
