package io.tollgate.fakes;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a streamed container response into SageMaker {@code PayloadPart} frames. By default every
 * part but the first and last straddles an event boundary (each event is cut in the middle of its
 * bytes, sometimes inside a multi-byte character), so a reader that does not buffer breaks.
 */
final class PayloadParts {

  private PayloadParts() {}

  /**
   * The frames for {@code events}: with {@code partSize > 0} fixed-size parts, otherwise each
   * event's second half joined with the next event's first half.
   */
  static List<Buffer> frames(List<String> events, int partSize) {
    List<byte[]> parts = new ArrayList<>();
    if (partSize > 0) {
      byte[] all = String.join("", events).getBytes(StandardCharsets.UTF_8);
      for (int from = 0; from < all.length; from += partSize) {
        parts.add(slice(all, from, Math.min(all.length, from + partSize)));
      }
    } else {
      Buffer carry = Buffer.buffer();
      for (String event : events) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        int middle = bytes.length / 2;
        parts.add(carry.appendBytes(bytes, 0, middle).getBytes());
        carry = Buffer.buffer().appendBytes(bytes, middle, bytes.length - middle);
      }
      if (carry.length() > 0) {
        parts.add(carry.getBytes());
      }
    }
    List<Buffer> frames = new ArrayList<>(parts.size());
    for (byte[] part : parts) {
      if (part.length > 0) {
        frames.add(EventStreamFrames.event("PayloadPart", "application/octet-stream", part));
      }
    }
    return frames;
  }

  private static byte[] slice(byte[] all, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(all, from, out, 0, out.length);
    return out;
  }
}
