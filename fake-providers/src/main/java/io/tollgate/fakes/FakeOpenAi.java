package io.tollgate.fakes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An in-process fake of the OpenAI HTTP API (chat completions, embeddings, models) for tests,
 * benchmarks and the quick start. All knobs are thread-safe and may change while it runs.
 */
public final class FakeOpenAi implements AutoCloseable {

  /**
   * How to start the fake.
   *
   * @param host interface to bind, {@code 127.0.0.1} by default
   * @param port port to bind, 0 for a free one
   * @param eventLoops Vert.x event loops (and shared-port servers); defaults to the core count
   * @param recordRequests whether to keep every request for {@link #requests()}; benchmarks turn
   *     this off so memory stays flat
   */
  public record Options(String host, int port, int eventLoops, boolean recordRequests) {

    public Options {
      Objects.requireNonNull(host, "host");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (eventLoops < 1) {
        throw new IllegalArgumentException("eventLoops must be >= 1: " + eventLoops);
      }
    }

    public static Options defaults() {
      return new Options("127.0.0.1", 0, Runtime.getRuntime().availableProcessors(), true);
    }

    public Options withHost(String host) {
      return new Options(host, port, eventLoops, recordRequests);
    }

    public Options withPort(int port) {
      return new Options(host, port, eventLoops, recordRequests);
    }

    public Options withEventLoops(int eventLoops) {
      return new Options(host, port, eventLoops, recordRequests);
    }

    public Options withRecordRequests(boolean recordRequests) {
      return new Options(host, port, eventLoops, recordRequests);
    }
  }

  private final Options options;
  private final Knobs knobs;
  private final RequestRecorder recorder = new RequestRecorder();
  private final FakeServer server;

  private FakeOpenAi(Options options) {
    this.options = options;
    this.knobs = new Knobs(options.recordRequests());
    this.server =
        FakeServer.start(
            options.host(),
            options.port(),
            options.eventLoops(),
            false,
            (vertx, closing) -> new OpenAiHandler(vertx, knobs, recorder, closing));
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeOpenAi start() {
    return start(Options.defaults());
  }

  public static FakeOpenAi start(Options options) {
    return new FakeOpenAi(options);
  }

  public int port() {
    return server.port();
  }

  /** What an OpenAI client takes as base URL, e.g. {@code http://127.0.0.1:9090/v1}. */
  public String baseUrl() {
    return FakeServer.origin(options.host(), port()) + "/v1";
  }

  /**
   * What an Azure OpenAI client takes as endpoint, e.g. {@code http://127.0.0.1:9090}; the fake
   * serves {@code /openai/deployments/{deployment}/chat/completions?api-version=…} there, checking
   * the {@code api-key} header (or a bearer token) against {@link #setExpectedApiKey(String)}.
   */
  public String azureEndpoint() {
    return FakeServer.origin(options.host(), port());
  }

  @Override
  public void close() {
    server.close();
  }

  // ---- knobs -------------------------------------------------------------------------------

  /** Restores every knob to its default and clears what was recorded. */
  public void reset() {
    knobs.reset();
    recorder.clear();
  }

  /** Requires {@code Authorization: Bearer <key>} (401 otherwise); null accepts anything. */
  public void setExpectedApiKey(String key) {
    knobs.expectedApiKey = key;
  }

  /** Waits this long before sending response headers (after stalls and failures are decided). */
  public void setResponseDelay(Duration delay) {
    knobs.responseDelayMs = Knobs.millis(delay);
  }

  /** Number of content (or tool-argument) deltas a streamed reply is split into; default 4. */
  public void setStreamChunks(int chunks) {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be >= 1: " + chunks);
    }
    knobs.streamChunks = chunks;
  }

  /** Pause between streamed events, the fake's token pacing; zero sends everything at once. */
  public void setChunkInterval(Duration interval) {
    knobs.chunkIntervalMs = Knobs.millis(interval);
  }

  /**
   * The next {@code count} requests get {@code status} with {@code errorJson} (an OpenAI-shaped
   * body; null picks OpenAI's usual body for the status) and, when not null, a {@code Retry-After}
   * header. Calls queue up in order.
   */
  public void failNext(int count, int status, String errorJson, Integer retryAfterSeconds) {
    knobs.failNext(count, status, errorJson, retryAfterSeconds);
  }

  /** The next {@code count} requests are read and recorded but never answered. */
  public void stallNext(int count) {
    knobs.stallNext(count);
  }

  /**
   * Every chat completion closes the connection after {@code chunks} streamed chunks (before {@code
   * [DONE]}); a non-streaming one is closed without a response. Negative turns it off.
   */
  public void dropAfterChunks(int chunks) {
    knobs.dropAfterChunks = chunks;
  }

  /** Like {@link #dropAfterChunks(int)} but only for the next {@code count} chat completions. */
  public void dropNext(int count, int afterChunks) {
    knobs.dropNext(count, afterChunks);
  }

  /** Arguments (a JSON string) of the tool call the fake makes when tools are offered. */
  public void setToolArguments(String json) {
    knobs.toolArguments = Objects.requireNonNull(json, "json");
  }

  /** Model ids served by {@code GET /v1/models}. */
  public void setModels(List<String> models) {
    knobs.models = new ModelList(models);
  }

  /** Embedding length when the request has no {@code dimensions}; default 8. */
  public void setEmbeddingDimensions(int dimensions) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1: " + dimensions);
    }
    knobs.embeddingDimensions = dimensions;
  }

  /**
   * Answers every text completion with this text instead of echoing the prompt; it is escaped and
   * split once, which makes it the cheap mode for benchmarks. Null returns to echoing.
   */
  public void setFixedReply(String reply) {
    knobs.fixedReply = reply == null ? null : FixedReply.of(reply, knobs.streamChunks);
  }

  /** Turns keeping requests for {@link #requests()} on or off; counting always continues. */
  public void setRecordRequests(boolean record) {
    knobs.recordRequests = record;
  }

  // ---- recording ---------------------------------------------------------------------------

  /** A snapshot of the recorded requests, oldest first. */
  public List<RecordedRequest> requests() {
    return recorder.requests();
  }

  /** The most recent recorded request; fails when there is none. */
  public RecordedRequest lastRequest() {
    List<RecordedRequest> all = recorder.requests();
    if (all.isEmpty()) {
      throw new IllegalStateException("no request recorded");
    }
    return all.get(all.size() - 1);
  }

  /** Requests received since start or the last clear, recorded or not. */
  public int requestCount() {
    return recorder.count();
  }

  /** Forgets recorded requests and zeroes the request and abandoned counts. */
  public void clearRecorded() {
    recorder.clear();
  }

  /** Exchanges whose client disconnected before the response ended. */
  public int abandonedCount() {
    return recorder.abandonedCount();
  }

  /** Waits until {@link #abandonedCount()} reaches {@code n}; false on timeout. */
  public boolean awaitAbandoned(int n, Duration timeout) throws InterruptedException {
    return recorder.awaitAbandoned(n, timeout);
  }
}
