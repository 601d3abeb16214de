package io.tollgate.fakes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's behaviour switches. Every field is volatile or guarded so tests can flip them from the
 * test thread while event loops read them.
 */
final class Knobs {

  static final int DEFAULT_STREAM_CHUNKS = 4;
  static final int DEFAULT_EMBEDDING_DIMENSIONS = 8;
  static final String DEFAULT_TOOL_ARGUMENTS = "{}";
  static final List<String> DEFAULT_MODELS =
      List.of("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "text-embedding-3-small");

  /** One queued injected failure, consumed by the next {@code remaining} requests. */
  record Failure(int status, String body, Integer retryAfterSeconds) {}

  private final boolean recordByDefault;

  volatile String expectedApiKey;
  volatile long responseDelayMs;
  volatile int streamChunks;
  volatile long chunkIntervalMs;
  volatile int dropAfterChunks;
  volatile String toolArguments;
  volatile ModelList models;
  volatile int embeddingDimensions;
  volatile FixedReply fixedReply;
  volatile boolean recordRequests;

  private final AtomicInteger stalls = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private volatile int oneShotDropAfter;
  // A deque of [failure, remaining] so several failNext calls queue up in order.
  private final ArrayDeque<Object[]> failures = new ArrayDeque<>();

  Knobs(boolean recordByDefault) {
    this.recordByDefault = recordByDefault;
    reset();
  }

  void reset() {
    expectedApiKey = null;
    responseDelayMs = 0;
    streamChunks = DEFAULT_STREAM_CHUNKS;
    chunkIntervalMs = 0;
    dropAfterChunks = -1;
    toolArguments = DEFAULT_TOOL_ARGUMENTS;
    models = new ModelList(DEFAULT_MODELS);
    embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
    fixedReply = null;
    recordRequests = recordByDefault;
    stalls.set(0);
    drops.set(0);
    synchronized (failures) {
      failures.clear();
    }
  }

  static long millis(Duration d) {
    Objects.requireNonNull(d, "duration");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + d);
    }
    // Round sub-millisecond pacing up: Vert.x timers need at least 1 ms, and 0 means "no pause".
    long ms = d.toMillis();
    return ms == 0 && !d.isZero() ? 1 : ms;
  }

  void failNext(int count, int status, String errorJson, Integer retryAfterSeconds) {
    if (count <= 0) {
      return;
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("failure status must be 4xx or 5xx: " + status);
    }
    String body = errorJson != null ? errorJson : OpenAiErrors.defaultFor(status);
    synchronized (failures) {
      failures.add(new Object[] {new Failure(status, body, retryAfterSeconds), count});
    }
  }

  /** The failure the current request must get, or null. */
  Failure takeFailure() {
    synchronized (failures) {
      Object[] head = failures.peek();
      if (head == null) {
        return null;
      }
      int left = (Integer) head[1] - 1;
      if (left == 0) {
        failures.poll();
      } else {
        head[1] = left;
      }
      return (Failure) head[0];
    }
  }

  void stallNext(int count) {
    stalls.addAndGet(Math.max(0, count));
  }

  boolean takeStall() {
    return takeOne(stalls);
  }

  void dropNext(int count, int afterChunks) {
    oneShotDropAfter = afterChunks;
    drops.set(Math.max(0, count));
  }

  /** Chunks to send before closing the connection for this request; negative means never. */
  int takeDropAfter() {
    if (takeOne(drops)) {
      return oneShotDropAfter;
    }
    return dropAfterChunks;
  }

  private static boolean takeOne(AtomicInteger counter) {
    // Fast path first: benchmarks never set these, so avoid a CAS loop on every request.
    if (counter.get() <= 0) {
      return false;
    }
    while (true) {
      int left = counter.get();
      if (left <= 0) {
        return false;
      }
      if (counter.compareAndSet(left, left - 1)) {
        return true;
      }
    }
  }
}
