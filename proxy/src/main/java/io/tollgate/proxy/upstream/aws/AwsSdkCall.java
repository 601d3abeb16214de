package io.tollgate.proxy.upstream.aws;

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
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * One call through an AWS SDK async client, seen as an {@link UpstreamCall}: what Bedrock and
 * SageMaker calls share.
 *
 * <p>Threads: the SDK call starts on a worker (reading a large body, building a client and
 * resolving credentials take time or block); the SDK answers on its own threads, and every answer
 * hops back to the request's context before it touches this object, so all state below is confined
 * to that context.
 *
 * <p>A stream's response head is its first event: an exception the service sends before any event
 * is still an error response the attempt loop may retry elsewhere. Events are requested one at a
 * time, as the reader asks for them.
 */
abstract class AwsSdkCall implements UpstreamCall {

  /**
   * On an exception message the SDK closes the stream, and may report that closing before the
   * exception itself: a transport failure waits this long for the service's exception.
   */
  private static final long SERVICE_EXCEPTION_GRACE_MILLIS = 200;

  final Context context;
  final UpstreamTarget target;
  final UpstreamRequest request;
  private final Promise<UpstreamResponse> head = Promise.promise();
  private CompletableFuture<?> sdkCall;
  private Subscription subscription;
  private QueuedUpstreamResponse stream;
  private long graceTimer = -1;
  private boolean cancelled;
  private boolean ended;

  AwsSdkCall(Context context, UpstreamTarget target, UpstreamRequest request) {
    this.context = context;
    this.target = target;
    this.request = request;
  }

  /** The service's name in messages, e.g. {@code Bedrock}. */
  abstract String service();

  /** On a worker: builds the SDK request, leases the client and starts the call. */
  abstract CompletableFuture<?> send();

  /** Answers the head for a failure before it: an error response, or a transport failure. */
  abstract void onFailure(Throwable failure);

  /** The service sent an exception after the stream's first event. */
  abstract void onServiceExceptionInStream(Throwable failure);

  /** The response head of a stream: its content type, at least. */
  abstract MultiMap streamHeaders();

  /**
   * The SDK's callbacks of an event stream, on the SDK's threads: each hops to the context. A
   * service's handler interface (e.g. {@code ConverseStreamResponseHandler}) is this with its own
   * types.
   *
   * @param <R> the stream's initial response
   * @param <E> its events
   */
  abstract class EventRelay<R, E> implements Subscriber<E> {

    /** The bytes to relay for an event; empty for events the relay does not want. */
    abstract Buffer bytes(E event);

    /** The initial response arrived, before any event (on the SDK's thread). */
    void received(R response) {}

    public void responseReceived(R response) {
      received(response);
    }

    public void onEventStream(SdkPublisher<E> publisher) {
      publisher.subscribe(this);
    }

    public void exceptionOccurred(Throwable failure) {
      context.runOnContext(v -> onStreamFailure(failure));
    }

    public void complete() {
      context.runOnContext(v -> onStreamEnd());
    }

    @Override
    public void onSubscribe(Subscription s) {
      context.runOnContext(v -> onSubscribed(s));
    }

    @Override
    public void onNext(E event) {
      Buffer bytes = bytes(event);
      context.runOnContext(v -> onEvent(bytes));
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

  @Override
  public Future<UpstreamResponse> response() {
    return head.future();
  }

  void start() {
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

  @Override
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    cancelGraceTimer();
    if (subscription != null) {
      subscription.cancel();
    }
    if (sdkCall != null) {
      sdkCall.cancel(true);
    }
  }

  /** Whether the call's outcome is settled: cancelled, or its head answered. */
  boolean settled() {
    return cancelled || head.future().isComplete();
  }

  boolean cancelled() {
    return cancelled;
  }

  /** A whole answer: the head with its body. */
  void answer(int status, MultiMap headers, Buffer body) {
    head.tryComplete(QueuedUpstreamResponse.of(context, status, headers, body));
  }

  /** No answer: the attempt loop sees a transport failure. */
  void failHead(Throwable failure) {
    head.tryFail(failure);
  }

  // ---- streams ----

  private void onSubscribed(Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  /** Relays one event's bytes; an empty buffer (an event the relay does not want) asks for more. */
  private void onEvent(Buffer bytes) {
    if (cancelled || ended) {
      return;
    }
    if (bytes.length() == 0) {
      subscription.request(1);
      return;
    }
    if (stream == null) {
      stream =
          new QueuedUpstreamResponse(context, 200, streamHeaders(), () -> subscription.request(1));
      stream.push(bytes);
      head.tryComplete(stream);
    } else {
      stream.push(bytes);
    }
  }

  private void onStreamFailure(Throwable failure) {
    if (cancelled || ended) {
      return;
    }
    if (!AwsFailures.fromService(failure)) {
      if (graceTimer < 0) {
        Throwable transport = AwsFailures.transport(failure);
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
    } else {
      onServiceExceptionInStream(failure);
    }
  }

  /** The stream under way; null before its first event. */
  QueuedUpstreamResponse stream() {
    return stream;
  }

  /** The stream failed below the service: a lost connection, not an exception it sent. */
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
      answer(200, streamHeaders(), Buffer.buffer());
    } else {
      stream.end();
    }
  }

  private void cancelGraceTimer() {
    if (graceTimer >= 0) {
      context.owner().cancelTimer(graceTimer);
      graceTimer = -1;
    }
  }
}
