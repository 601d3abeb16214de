package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.translate.BedrockEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes {@code application/vnd.amazon.eventstream} messages, the framing of Bedrock's
 * ConverseStream: total length and headers length (big-endian u32), a CRC32 of those 8 bytes,
 * string headers ({@code :message-type}, {@code :event-type} or {@code :exception-type}, {@code
 * :content-type}), the JSON payload, and a CRC32 of everything before it. The AWS SDKs check both
 * checksums.
 */
final class EventStreamEncoder {

  /** Header value type 7: a UTF-8 string with a u16 length. */
  private static final byte STRING = 7;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int PRELUDE_BYTES = 12;
  private static final int CRC_BYTES = 4;

  private EventStreamEncoder() {}

  static Buffer encode(BedrockEvent event) {
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(event.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return event.exception()
        ? frame(
            payload,
            ":message-type",
            "exception",
            ":exception-type",
            event.type(),
            ":content-type",
            "application/json")
        : frame(
            payload,
            ":message-type",
            "event",
            ":event-type",
            event.type(),
            ":content-type",
            "application/json");
  }

  /** One message; {@code headers} alternates names and string values. */
  static Buffer frame(byte[] payload, String... headers) {
    Buffer headerBytes = Buffer.buffer(96);
    for (int i = 0; i < headers.length; i += 2) {
      byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
      byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
      headerBytes
          .appendByte((byte) name.length)
          .appendBytes(name)
          .appendByte(STRING)
          .appendUnsignedShort(value.length)
          .appendBytes(value);
    }
    int total = PRELUDE_BYTES + headerBytes.length() + payload.length + CRC_BYTES;
    Buffer frame = Buffer.buffer(total);
    frame.appendInt(total).appendInt(headerBytes.length());
    CRC32 crc = new CRC32();
    crc.update(frame.getBytes(0, 8));
    frame.appendUnsignedInt(crc.getValue());
    frame.appendBuffer(headerBytes).appendBytes(payload);
    // The message CRC covers the prelude CRC too, so it continues from the same running value.
    crc.update(frame.getBytes(8, frame.length()));
    frame.appendUnsignedInt(crc.getValue());
    return frame;
  }
}
