package io.tollgate.fakes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

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

  /**
   * One queued injected failure, consumed by the next {@code remaining} requests.
   *
   * @param headers extra response headers, e.g. Bedrock's {@code x-amzn-ErrorType}
   */
  record Failure(int status, String body, Integer retryAfterSeconds, Map<String, String> headers) {

    Failure(int status, String body, Integer retryAfterSeconds) {
      this(status, body, retryAfterSeconds, Map.of());
    }
  }

  private final boolean recordByDefault;
  private final IntFunction<String> defaultErrorBody;

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
  // Prompt-cache token counts reported in usage by the fakes whose providers have them.
  volatile int cacheReadTokens;
  volatile int cacheWriteTokens;
  // AWS fakes: reject requests that are not SigV4-signed (a bearer token then also fails).
  volatile boolean requireSigV4;
  // The provider's name for the in-stream error, e.g. "overloaded_error" or "throttlingException".
  volatile String midStreamErrorType;
  // SageMaker: fixed PayloadPart size in bytes; 0 cuts every event across two parts.
  volatile int payloadPartSize;

  private final AtomicInteger stalls = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private volatile int oneShotDropAfter;
  // A deque of [failure, remaining] so several failNext calls queue up in order.
  private final ArrayDeque<Object[]> failures = new ArrayDeque<>();

  private final AtomicInteger midStreamFailures = new AtomicInteger();
  private volatile int midStreamFailAfter;

  Knobs(boolean recordByDefault) {
    this(recordByDefault, OpenAiErrors::defaultFor);
  }

  /** Knobs of a fake whose failures default to {@code defaultErrorBody} for a status. */
  Knobs(boolean recordByDefault, IntFunction<String> defaultErrorBody) {
    this.recordByDefault = recordByDefault;
    this.defaultErrorBody = defaultErrorBody;
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
    cacheReadTokens = 0;
    cacheWriteTokens = 0;
    requireSigV4 = false;
    midStreamErrorType = null;
    payloadPartSize = 0;
    stalls.set(0);
    drops.set(0);
    midStreamFailures.set(0);
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
    String body = errorJson != null ? errorJson : defaultErrorBody.apply(status);
    failNext(count, new Failure(status, body, retryAfterSeconds));
  }

  void failNext(int count, Failure failure) {
    if (count <= 0) {
      return;
    }
    synchronized (failures) {
      failures.add(new Object[] {failure, count});
    }
  }

  /** The next {@code count} streams send an in-stream error after {@code afterEvents} events. */
  void failMidStreamNext(int count, int afterEvents) {
    midStreamFailAfter = afterEvents;
    midStreamFailures.set(Math.max(0, count));
  }

  /** Events to send before an in-stream error for this stream; negative means none. */
  int takeMidStreamFailure() {
    return takeOne(midStreamFailures) ? midStreamFailAfter : -1;
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
