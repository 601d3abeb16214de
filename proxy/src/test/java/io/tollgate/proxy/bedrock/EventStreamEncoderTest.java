package io.tollgate.proxy.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.proxy.translate.BedrockEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * The event-stream frames decode back to what was encoded, with both CRCs checked: by a decoder
 * written from the format's description here, and by the AWS SDK's own decoder.
 */
class EventStreamEncoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One decoded frame. */
  record Frame(Map<String, String> headers, String payload) {}

  /** Decodes concatenated frames, failing on any length or CRC mismatch. */
  static List<Frame> decode(byte[] bytes) {
    List<Frame> frames = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.hasRemaining()) {
      int start = in.position();
      int total = in.getInt();
      int headersLength = in.getInt();
      long preludeCrc = Integer.toUnsignedLong(in.getInt());
      assertThat(preludeCrc).as("prelude CRC").isEqualTo(crc(bytes, start, 8));
      Map<String, String> headers = new LinkedHashMap<>();
      int headersEnd = in.position() + headersLength;
      while (in.position() < headersEnd) {
        byte[] name = new byte[in.get()];
        in.get(name);
        assertThat(in.get()).as("header value type: string").isEqualTo((byte) 7);
        byte[] value = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(value);
        headers.put(
            new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }
      byte[] payload = new byte[total - 12 - headersLength - 4];
      in.get(payload);
      long messageCrc = Integer.toUnsignedLong(in.getInt());
      assertThat(messageCrc).as("message CRC").isEqualTo(crc(bytes, start, total - 4));
      frames.add(new Frame(headers, new String(payload, StandardCharsets.UTF_8)));
    }
    return frames;
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }

  @Test
  void eventsDecodeWithTheirHeadersAndPayload() throws Exception {
    ObjectNode delta = json("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße \\\"x\\\"\"}}");
    Buffer stream =
        EventStreamEncoder.encode(
                new BedrockEvent("messageStart", json("{\"role\":\"assistant\"}"), false))
            .appendBuffer(
                EventStreamEncoder.encode(new BedrockEvent("contentBlockDelta", delta, false)));

    List<Frame> frames = decode(stream.getBytes());

    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).headers())
        .containsEntry(":message-type", "event")
        .containsEntry(":event-type", "messageStart")
        .containsEntry(":content-type", "application/json");
    assertThat(json(frames.get(0).payload())).isEqualTo(json("{\"role\":\"assistant\"}"));
    assertThat(frames.get(1).headers()).containsEntry(":event-type", "contentBlockDelta");
    assertThat(json(frames.get(1).payload())).isEqualTo(delta);
  }

  @Test
  void exceptionsCarryTheirTypeInExceptionType() throws Exception {
    Buffer frame =
        EventStreamEncoder.encode(BedrockEvent.exception("throttlingException", "slow down"));

    Frame decoded = decode(frame.getBytes()).get(0);

    assertThat(decoded.headers())
        .containsEntry(":message-type", "exception")
        .containsEntry(":exception-type", "throttlingException")
        .doesNotContainKey(":event-type");
    assertThat(json(decoded.payload())).isEqualTo(json("{\"message\":\"slow down\"}"));
  }

  @Test
  void theAwsSdkDecoderAcceptsTheFramesEvenWhenSplitAnywhere() throws Exception {
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 3; i++) {
      stream.appendBuffer(
          EventStreamEncoder.encode(
              new BedrockEvent(
                  "contentBlockDelta",
                  json("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"piece " + i + "\"}}"),
                  false)));
    }
    byte[] bytes = stream.getBytes();
    List<Message> messages = new ArrayList<>();
    MessageDecoder decoder = new MessageDecoder(messages::add);
    // Byte by byte: the network may cut a frame anywhere.
    for (byte b : bytes) {
      decoder.feed(new byte[] {b});
    }

    assertThat(messages).hasSize(3);
    Message last = messages.get(2);
    assertThat(last.getHeaders().get(":event-type").getString()).isEqualTo("contentBlockDelta");
    assertThat(
            json(new String(last.getPayload(), StandardCharsets.UTF_8)).at("/delta/text").asText())
        .isEqualTo("piece 2");
  }

  @Test
  void aCorruptedByteFailsTheMessageCrc() {
    byte[] bytes =
        EventStreamEncoder.frame("{}".getBytes(StandardCharsets.UTF_8), ":message-type", "event")
            .getBytes();
    bytes[bytes.length - 6] ^= 1;
    List<Frame> frames = new ArrayList<>();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> frames.addAll(decode(bytes)))
        .hasMessageContaining("message CRC");
  }
}
