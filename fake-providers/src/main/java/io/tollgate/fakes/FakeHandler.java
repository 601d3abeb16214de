package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The request lifecycle shared by provider fakes: read and record the body, then apply a stall, an
 * injected failure and the response delay before the provider-specific answer. Shared by all event
 * loops, so it holds no per-request state.
 */
abstract class FakeHandler implements Handler<HttpServerRequest> {

  /** A request body as received. */
  record Body(byte[] bytes, JsonNode json, boolean badJson) {}

  final Vertx vertx;
  final Knobs knobs;
  private final RequestRecorder recorder;
  private final BooleanSupplier closing;
  private final AtomicLong ids = new AtomicLong();
  // Distinguishes ids across restarts so a test never confuses two runs' responses.
  private final String idPrefix = Long.toHexString(System.nanoTime() & 0xffffffL);

  FakeHandler(Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing) {
    this.vertx = vertx;
    this.knobs = knobs;
    this.recorder = recorder;
    this.closing = closing;
  }

  @Override
  public final void handle(HttpServerRequest req) {
    String seq = idPrefix + Long.toHexString(ids.incrementAndGet());
    Exchange ex = new Exchange(req, vertx, recorder, closing, requestId(seq));
    req.body()
        .onSuccess(body -> arrived(ex, body, seq))
        .onFailure(t -> {}); // the client left mid-body; the close handler counts it
  }

  /** The request id the fake puts in {@code x-request-id}. */
  String requestId(String seq) {
    return "req_fake" + seq;
  }

  private void arrived(Exchange ex, Buffer buffer, String seq) {
    byte[] bytes = buffer.getBytes();
    JsonNode json = null;
    boolean badJson = false;
    if (bytes.length > 0) {
      try {
        json = Json.MAPPER.readTree(bytes);
      } catch (IOException e) {
        badJson = true;
      }
    }
    recorder.record(ex.req, bytes, json, knobs.recordRequests);
    if (knobs.takeStall()) {
      return; // accepted, never answered: only the client's timeout ends this exchange
    }
    Knobs.Failure failure = knobs.takeFailure();
    Body body = new Body(bytes, json, badJson);
    long delay = knobs.responseDelayMs;
    if (delay > 0) {
      ex.later(delay, () -> respond(ex, body, failure, seq));
    } else {
      respond(ex, body, failure, seq);
    }
  }

  private void respond(Exchange ex, Body body, Knobs.Failure failure, String seq) {
    if (failure != null) {
      ex.error(failure);
      return;
    }
    answer(ex, body, seq);
  }

  /** Routes, checks and answers one request in the provider's wire format. */
  abstract void answer(Exchange ex, Body body, String seq);
}
