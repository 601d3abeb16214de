package io.tollgate.fakes;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The knobs and recording every provider fake shares (latency, pacing, stalls, drops, in-stream
 * failures, tool arguments, fixed replies); each subclass adds its wire format and its own knobs.
 */
public abstract class FakeProvider implements AutoCloseable {

  /** Builds a fake's request handler once the Vert.x instance exists. */
  interface HandlerFactory {
    Handler<HttpServerRequest> create(
        Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing);
  }

  final FakeOptions options;
  final Knobs knobs;
  final RequestRecorder recorder = new RequestRecorder();
  private final FakeServer server;

  FakeProvider(FakeOptions options, Knobs knobs, boolean h2c, HandlerFactory handlers) {
    this.options = Objects.requireNonNull(options, "options");
    this.knobs = knobs;
    this.server =
        FakeServer.start(
            options.host(),
            options.port(),
            options.eventLoops(),
            h2c,
            (vertx, closing) -> handlers.create(vertx, knobs, recorder, closing));
  }

  public int port() {
    return server.port();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String origin() {
    return FakeServer.origin(options.host(), port());
  }

  @Override
  public void close() {
    server.close();
  }

  /** Restores every knob to its default and clears what was recorded. */
  public void reset() {
    knobs.reset();
    recorder.clear();
  }

  /** The key the fake requires (each fake checks its provider's header); null accepts anything. */
  public void setExpectedApiKey(String key) {
    knobs.expectedApiKey = key;
  }

  /** Waits this long before sending response headers (after stalls and failures are decided). */
  public void setResponseDelay(Duration delay) {
    knobs.responseDelayMs = Knobs.millis(delay);
  }

  /** Number of text (or tool-argument) deltas a streamed reply is split into; default 4. */
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

  /** The next {@code count} requests are read and recorded but never answered. */
  public void stallNext(int count) {
    knobs.stallNext(count);
  }

  /**
   * Every streamed reply is cut after {@code events} events (a non-streaming one gets no response
   * at all): on HTTP/1.1 the connection closes, on HTTP/2 the stream is reset. Negative turns it
   * off.
   */
  public void dropAfterChunks(int events) {
    knobs.dropAfterChunks = events;
  }

  /** Like {@link #dropAfterChunks(int)} but only for the next {@code count} requests. */
  public void dropNext(int count, int afterEvents) {
    knobs.dropNext(count, afterEvents);
  }

  /**
   * The next {@code count} streams send the provider's in-stream error (an Anthropic {@code error}
   * event, an event-stream exception frame) after {@code afterEvents} events, then end.
   */
  public void failMidStreamNext(int count, int afterEvents) {
    knobs.failMidStreamNext(count, afterEvents);
  }

  /** Arguments (a JSON object as text) of the tool call the fake makes when tools are offered. */
  public void setToolArguments(String json) {
    knobs.toolArguments = Objects.requireNonNull(json, "json");
  }

  /** Answers every text reply with this text instead of echoing the prompt; null echoes again. */
  public void setFixedReply(String reply) {
    knobs.fixedReply = reply == null ? null : FixedReply.of(reply, knobs.streamChunks);
  }

  /** Turns keeping requests for {@link #requests()} on or off; counting always continues. */
  public void setRecordRequests(boolean record) {
    knobs.recordRequests = record;
  }

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
