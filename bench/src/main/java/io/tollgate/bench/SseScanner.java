package io.tollgate.bench;

/**
 * Finds the ends of Server-Sent Events in a byte stream as it arrives, without buffering the
 * events: an event ends at an empty line ({@code \n\n} or {@code \r\n\r\n}), wherever the network
 * happened to split the bytes. Only events with a {@code data:} field are reported; comments
 * ({@code : keep-alive}) and field-only events are not. Not thread-safe.
 */
public final class SseScanner {

  /** Receives each complete data event. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param arrivalNanos when the bytes that completed the event arrived
     * @param done whether it was OpenAI's terminal {@code data: [DONE]}
     */
    void onEvent(long arrivalNanos, boolean done);
  }

  private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Listener listener;
  // The current line: its length (without CR) and, for data lines, the first bytes of the value.
  private int lineLength;
  private final byte[] head = new byte[DATA.length + 1 + DONE.length];
  private int headLength;
  // The current event.
  private boolean eventHasData;
  private boolean eventIsDone;

  public SseScanner(Listener listener) {
    this.listener = listener;
  }

  /** Feeds {@code length} bytes from {@code bytes[offset]} that arrived at {@code nowNanos}. */
  public void feed(byte[] bytes, int offset, int length, long nowNanos) {
    for (int i = offset; i < offset + length; i++) {
      feed(bytes[i], nowNanos);
    }
  }

  /** Feeds one byte that arrived at {@code nowNanos}. */
  public void feed(byte b, long nowNanos) {
    if (b == '\r') {
      return; // CRLF is a line end like LF; a lone CR line end is not used by any provider.
    }
    if (b != '\n') {
      if (headLength < head.length) {
        head[headLength++] = b;
      }
      lineLength++;
      return;
    }
    if (lineLength == 0) {
      if (eventHasData) {
        listener.onEvent(nowNanos, eventIsDone);
      }
      eventHasData = false;
      eventIsDone = false;
    } else {
      endLine();
    }
    lineLength = 0;
    headLength = 0;
  }

  private void endLine() {
    if (!startsWith(head, headLength, DATA, 0)) {
      return;
    }
    eventHasData = true;
    int value = DATA.length;
    if (value < headLength && head[value] == ' ') {
      value++;
    }
    if (lineLength == value + DONE.length && startsWith(head, headLength, DONE, value)) {
      eventIsDone = true;
    }
  }

  private static boolean startsWith(byte[] line, int lineLength, byte[] prefix, int from) {
    if (lineLength - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (line[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
