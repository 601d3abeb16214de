package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Pricing;
import io.tollgate.proxy.governance.Dollars;
import io.vertx.core.buffer.Buffer;

/**
 * Watches an OpenAI SSE stream on its way to the client: remembers the token usage the upstream
 * reports and removes the usage-only chunk when the client did not ask for it (the gateway always
 * asks the upstream for usage, so it can count tokens for every request).
 */
public final class StreamingUsageFilter {

  private static final byte[] USAGE = "\"usage\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final boolean clientWantsUsage;
  private final SseEventSplitter splitter = new SseEventSplitter();
  private Usage usage;
  private Buffer out;
  private boolean changed;
  private Pricing pricing;

  public StreamingUsageFilter(boolean clientWantsUsage) {
    this.clientWantsUsage = clientWantsUsage;
  }

  /**
   * Adds {@code "cost"} (USD at this price) to the usage object the client receives, the way
   * OpenAI-compatible gateways report spend in streams; null leaves usage as it came.
   */
  public void priceWith(Pricing pricing) {
    this.pricing = pricing;
  }

  /** The last usage the upstream reported, or null. */
  public Usage usage() {
    return usage;
  }

  /**
   * The bytes to send the client for an upstream chunk, possibly empty. Returns the chunk itself
   * when it holds only whole events and nothing was removed, the common case.
   */
  public Buffer accept(Buffer chunk) {
    boolean hadPending = splitter.hasPending();
    out = null;
    changed = false;
    splitter.feed(chunk, this::onEvent);
    if (!changed && !hadPending && !splitter.hasPending()) {
      return chunk;
    }
    return out == null ? Buffer.buffer() : out;
  }

  /** Bytes of an unfinished last event, to flush as they are when the upstream ends. */
  public Buffer remainder() {
    Buffer rest = splitter.takePending();
    return rest == null ? Buffer.buffer() : rest;
  }

  private void onEvent(Buffer event) {
    boolean keep = true;
    int json = indexOf(event, (byte) '{', 0);
    if (json >= 0 && indexOf(event, USAGE, json) >= 0) {
      byte[] bytes = event.getBytes();
      OpenAiResponses.ChunkUsage chunk = OpenAiResponses.inspect(bytes, json, bytes.length - json);
      if (chunk.usage() != null) {
        usage = chunk.usage();
      }
      keep = clientWantsUsage || !chunk.usageOnly();
      if (keep && chunk.usage() != null && pricing != null) {
        Buffer priced = withCost(event, json, chunk.usage());
        if (priced != null) {
          event = priced;
          changed = true;
        }
      }
    }
    if (keep) {
      if (out == null) {
        out = Buffer.buffer(event.length());
      }
      out.appendBuffer(event);
    } else {
      changed = true;
    }
  }

  /** The event with {@code "cost":<usd>} as the first member of its usage object, or null. */
  private Buffer withCost(Buffer event, int from, Usage usage) {
    int field = indexOf(event, USAGE, from);
    int open = field < 0 ? -1 : indexOf(event, (byte) '{', field + USAGE.length);
    if (open < 0) {
      return null;
    }
    long nanos =
        pricing.costNanos(
            usage.promptTokens(), usage.cachedPromptTokens(), 0, usage.completionTokens());
    int next = open + 1;
    while (next < event.length() && Character.isWhitespace(event.getByte(next))) {
      next++;
    }
    boolean empty = next < event.length() && event.getByte(next) == '}';
    String cost = "\"cost\":" + Dollars.format(nanos) + (empty ? "" : ",");
    return Buffer.buffer(event.length() + cost.length())
        .appendBuffer(event, 0, open + 1)
        .appendString(cost)
        .appendBuffer(event, open + 1, event.length() - open - 1);
  }

  private static int indexOf(Buffer buffer, byte b, int from) {
    for (int i = from; i < buffer.length(); i++) {
      if (buffer.getByte(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(Buffer buffer, byte[] needle, int from) {
    outer:
    for (int i = from; i <= buffer.length() - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
