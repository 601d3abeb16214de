package io.tollgate.proxy.openai;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream of server-sent events into whole events (each ending in a blank line), however
 * the network split it. Bytes of an unfinished event wait for the rest.
 */
public final class SseEventSplitter {

  private Buffer pending;

  /** True when bytes of an unfinished event are waiting. */
  public boolean hasPending() {
    return pending != null && pending.length() > 0;
  }

  /** The bytes of an unfinished event, handed out once (at the end of a stream). */
  public Buffer takePending() {
    Buffer rest = pending;
    pending = null;
    return rest;
  }

  /** Calls {@code onEvent} with each event completed by {@code chunk}, in order. */
  public void feed(Buffer chunk, Consumer<Buffer> onEvent) {
    Buffer data;
    int scanFrom;
    if (pending == null) {
      data = chunk;
      scanFrom = 0;
    } else {
      scanFrom = Math.max(0, pending.length() - 3);
      data = pending.appendBuffer(chunk);
    }
    int start = 0;
    int length = data.length();
    for (int i = Math.max(1, scanFrom); i < length; i++) {
      if (data.getByte(i) == '\n' && endsEvent(data, i)) {
        onEvent.accept(data.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start == length) {
      pending = null;
    } else {
      // Copy: the slice must not pin (or alias) a buffer the caller may reuse.
      pending = data.getBuffer(start, length);
    }
  }

  /** A newline at {@code i} ends an event when the line it ends is empty ("\n\n" or "\r\n\r\n"). */
  private static boolean endsEvent(Buffer data, int i) {
    byte previous = data.getByte(i - 1);
    if (previous == '\n') {
      return true;
    }
    return previous == '\r' && i >= 3 && data.getByte(i - 2) == '\n' && data.getByte(i - 3) == '\r';
  }
}
