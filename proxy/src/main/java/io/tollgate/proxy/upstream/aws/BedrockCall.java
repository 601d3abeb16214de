package io.tollgate.proxy.upstream.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.translate.BedrockEvent;
import io.tollgate.proxy.translate.TranslationException;
import io.tollgate.proxy.upstream.QueuedUpstreamResponse;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamResponse;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * One Converse or ConverseStream call through the SDK, seen as an {@link UpstreamCall}.
 *
 * <p>Threads: the SDK call starts on a worker (reading a large body, building a client and
 * resolving credentials take time or block); the SDK answers on its own threads, and every answer
 * hops back to the request's context before it touches this object, so all state below is confined
 * to that context. Events are written out on the SDK's thread, off the event loop.
 *
 * <p>A stream's response head is its first event: an exception Bedrock sends before any event is
 * still an error response the attempt loop may retry elsewhere. Later exceptions are passed on in
 * the stream, as Bedrock sent them; a broken connection fails the stream. Events are requested one
 * at a time, as the reader asks for them.
 */
final class BedrockCall implements UpstreamCall {

  private static final Logger LOG = Logger.getLogger(BedrockCall.class);
  private static final long SERVICE_EXCEPTION_GRACE_MILLIS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MultiMap JSON_HEADERS =
      HttpHeaders.headers().add("content-type", "application/json");
  private static final MultiMap STREAM_HEADERS =
      HttpHeaders.headers().add("content-type", "text/event-stream");

  private final Context context;
  private final BedrockClients clients;
  private final UpstreamTarget target;
  private final UpstreamRequest request;
  private final long headTimeoutMillis;
  private final Promise<UpstreamResponse> head = Promise.promise();
  private CompletableFuture<?> sdkCall;
  private Subscription subscription;
  private QueuedUpstreamResponse stream;
  private long headTimer = -1;
  private long graceTimer = -1;
  private boolean cancelled;
  private boolean ended;

  BedrockCall(
      Context context,
      BedrockClients clients,
      UpstreamTarget target,
      UpstreamRequest request,
      long headTimeoutMillis) {
    this.context = context;
    this.clients = clients;
    this.target = target;
    this.request = request;
    this.headTimeoutMillis = headTimeoutMillis;
  }

  @Override
  public Future<UpstreamResponse> response() {
    return head.future();
  }

  void start() {
    headTimer = context.owner().setTimer(Math.max(1, headTimeoutMillis), id -> onHeadTimeout());
    context
        .executeBlocking(this::send, false)
        .onComplete(
            sent -> {
              if (sent.failed()) {
                onFailure(sent.cause());
                return;
              }
              sdkCall = sent.result();
              if (cancelled) {
                sdkCall.cancel(true);
              }
            });
  }

  /**
   * On a worker (a large body takes a while to read, credentials may block): build the SDK request,
   * lease the client and start the call; the lease ends with the call.
   */
  private CompletableFuture<?> send() {
    SdkPojo sdkRequest =
        sdkRequest(request.body(), target.backend().upstreamModel(), request.stream());
    BedrockClients.Lease lease = clients.lease(target.backend());
    CompletableFuture<?> call;
    try {
      if (sdkRequest instanceof ConverseStreamRequest streamRequest) {
        call = lease.client().converseStream(streamRequest, new StreamHandler());
      } else {
        call =
            lease
                .client()
                .converse((ConverseRequest) sdkRequest)
                .whenComplete(
                    (answer, failure) -> context.runOnContext(v -> onConverse(answer, failure)));
      }
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    call.whenComplete((result, failure) -> lease.release());
    return call;
  }

  static SdkPojo sdkRequest(Buffer body, String modelId, boolean stream) {
    JsonNode converse;
    try {
      converse = JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The request body is not valid JSON.");
    }
    if (converse == null) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    return stream
        ? SdkJson.read(converse, ConverseStreamRequest.builder().modelId(modelId), "")
        : SdkJson.read(converse, ConverseRequest.builder().modelId(modelId), "");
  }

  @Override
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    cancelHeadTimer();
    cancelGraceTimer();
    if (subscription != null) {
      subscription.cancel();
    }
    if (sdkCall != null) {
      sdkCall.cancel(true);
    }
  }

  // ---- Converse ----

  private void onConverse(ConverseResponse answer, Throwable failure) {
    if (cancelled) {
      return;
    }
    if (failure != null) {
      onFailure(failure);
      return;
    }
    cancelHeadTimer();
    Buffer body = Buffer.buffer(SdkJson.write(answer).toString());
    head.tryComplete(QueuedUpstreamResponse.of(context, 200, JSON_HEADERS, body));
  }

  // ---- ConverseStream ----

  /** SDK callbacks, on the SDK's threads: each hops to the context. */
  private final class StreamHandler
      implements ConverseStreamResponseHandler, Subscriber<ConverseStreamOutput> {

    @Override
    public void responseReceived(ConverseStreamResponse response) {}

    @Override
    public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
      publisher.subscribe(this);
    }

    @Override
    public void exceptionOccurred(Throwable failure) {
      context.runOnContext(v -> onStreamFailure(failure));
    }

    @Override
    public void complete() {
      context.runOnContext(v -> onStreamEnd());
    }

    @Override
    public void onSubscribe(Subscription s) {
      context.runOnContext(v -> onSubscribed(s));
    }

    @Override
    public void onNext(ConverseStreamOutput event) {
      Buffer text = text(event);
      context.runOnContext(v -> onEvent(text));
    }

    @Override
    public void onError(Throwable failure) {
      context.runOnContext(v -> onStreamFailure(failure));
    }

    @Override
    public void onComplete() {
      context.runOnContext(v -> onStreamEnd());
    }
  }

  /** An event in the gateway's text form; empty for events newer than this SDK. */
  static Buffer text(ConverseStreamOutput event) {
    if (event.sdkEventType() == ConverseStreamOutput.EventType.UNKNOWN_TO_SDK_VERSION) {
      return Buffer.buffer();
    }
    BedrockEvent converted =
        new BedrockEvent(event.sdkEventType().toString(), SdkJson.write(event), false);
    return Buffer.buffer(converted.toSse().render());
  }

  private void onSubscribed(Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  private void onEvent(Buffer text) {
    if (cancelled || ended) {
      return;
    }
    if (text.length() == 0) {
      subscription.request(1);
      return;
    }
    if (stream == null) {
      cancelHeadTimer();
      stream =
          new QueuedUpstreamResponse(context, 200, STREAM_HEADERS, () -> subscription.request(1));
      stream.push(text);
      head.tryComplete(stream);
    } else {
      stream.push(text);
    }
  }

  private void onStreamFailure(Throwable failure) {
    if (cancelled || ended) {
      return;
    }
    if (!BedrockFailures.fromService(failure)) {
      // On an exception message the SDK closes the stream, and may report that closing before the
      // exception itself: give Bedrock's exception a moment to arrive before failing the stream.
      if (graceTimer < 0) {
        Throwable transport = BedrockFailures.transport(failure);
        graceTimer =
            context
                .owner()
                .setTimer(
                    SERVICE_EXCEPTION_GRACE_MILLIS,
                    id -> {
                      graceTimer = -1;
                      failStream(transport);
                    });
      }
      return;
    }
    cancelGraceTimer();
    ended = true;
    if (stream == null) {
      onFailure(failure);
      return;
    }
    // Bedrock's own exception event: the relay passes it on in the client's terms.
    BedrockEvent exception =
        BedrockEvent.exception(
            BedrockFailures.streamExceptionType(failure), BedrockFailures.message(failure));
    stream.push(Buffer.buffer(exception.toSse().render()));
    stream.end();
  }

  /** The stream failed below Bedrock: a lost connection, not an exception Bedrock sent. */
  private void failStream(Throwable transport) {
    if (cancelled || ended) {
      return;
    }
    ended = true;
    if (stream == null) {
      onFailure(transport);
    } else {
      stream.fail(transport);
    }
  }

  private void onStreamEnd() {
    if (cancelled || ended) {
      return;
    }
    cancelGraceTimer();
    ended = true;
    if (stream == null) {
      // No event at all: an empty stream, which the relay reports as cut short.
      cancelHeadTimer();
      head.tryComplete(QueuedUpstreamResponse.of(context, 200, STREAM_HEADERS, Buffer.buffer()));
    } else {
      stream.end();
    }
  }

  // ---- failures before the head ----

  private void onFailure(Throwable failure) {
    if (cancelled || head.future().isComplete()) {
      return;
    }
    if (failure instanceof TranslationException invalid) {
      // What Bedrock would refuse anyway, refused before it is sent.
      answerError(
          new BedrockFailures.ErrorResponse(
              400, "ValidationException", invalid.getMessage(), null, invalid.param()));
      return;
    }
    BedrockFailures.ErrorResponse error = BedrockFailures.response(failure);
    if (error != null) {
      if (error.status() == 401) {
        LOG.warnf(
            "Backend '%s': no AWS credentials for Bedrock: %s",
            target.backend().name(), error.message());
      }
      answerError(error);
    } else {
      cancelHeadTimer();
      head.tryFail(BedrockFailures.transport(failure));
    }
  }

  private void answerError(BedrockFailures.ErrorResponse error) {
    cancelHeadTimer();
    head.tryComplete(
        QueuedUpstreamResponse.of(context, error.status(), error.headers(), error.body()));
  }

  private void onHeadTimeout() {
    headTimer = -1;
    if (!head.future().isComplete()) {
      cancel();
      head.tryFail(new TimeoutException("no answer from Bedrock in time"));
    }
  }

  private void cancelGraceTimer() {
    if (graceTimer >= 0) {
      context.owner().cancelTimer(graceTimer);
      graceTimer = -1;
    }
  }

  private void cancelHeadTimer() {
    if (headTimer >= 0) {
      context.owner().cancelTimer(headTimer);
      headTimer = -1;
    }
  }
}
