package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.RetryPolicy;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.http.ClientSchema;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.routing.Backoff;
import io.tollgate.proxy.routing.RequestFacts;
import io.tollgate.proxy.translate.TranslationException;
import io.tollgate.proxy.upstream.FailureKind;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamErrors;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One client request's way through its route: attempts on the planned backends with back-off,
 * cooldown bookkeeping, fallbacks to other routes, and the relay of the answer. Lives on the
 * request's event loop; nothing here blocks.
 *
 * <p>Invariant: nothing is written to the client until an attempt has produced its first byte of
 * success (or the request has definitively failed), so every failure before that point may still be
 * retried; after it, nothing is.
 */
final class RoutedRequest {

  private static final Logger LOG = Logger.getLogger(RoutedRequest.class);

  private final OpenAiProxy proxy;
  private final RoutingContext ctx;
  private final Exchange exchange;
  private final ClientRequest request;
  private final Vertx vertx;
  private final ContextInternal context;
  private final String clientModel;
  private final BackendPicker picker;
  private GatewayError lastError;
  private UpstreamAttempt current;
  private boolean committed;
  private boolean done;
  private long retryTimer = -1;
  private long requestTimer = -1;

  RoutedRequest(
      OpenAiProxy proxy,
      RoutingContext ctx,
      Exchange exchange,
      ClientRequest request,
      Route route,
      RequestFacts facts) {
    this.proxy = proxy;
    this.ctx = ctx;
    this.exchange = exchange;
    this.request = request;
    this.vertx = ctx.vertx();
    this.context = (ContextInternal) Vertx.currentContext();
    this.clientModel = route.model();
    this.picker = new BackendPicker(proxy, exchange, facts, request, route);
  }

  void start() {
    Duration limit = picker.route().policy().timeouts().request();
    if (limit != null) {
      requestTimer = vertx.setTimer(limit.toMillis(), id -> onRequestTimeout());
    }
    ctx.response().closeHandler(v -> onClientGone());
    attempt();
  }

  // ---- attempts ----

  private void attempt() {
    retryTimer = -1;
    if (done) {
      return;
    }
    UpstreamAttempt attempt = picker.attemptsLeft() ? picker.next() : null;
    if (attempt == null) {
      giveUp();
      return;
    }
    current = attempt;
    exchange.attempts++;
    exchange.backend = attempt.target.backend().name();
    exchange.pricing = attempt.target.backend().pricing();
    boolean stream = request.stream();
    Buffer body;
    try {
      body = attempt.dialect.requestBody(attempt.target.backend());
    } catch (TranslationException e) {
      // The request asks for something this backend cannot honour: the client's to fix.
      attempt.end(vertx, false);
      respondError(GatewayError.badRequest(e.getMessage(), e.param(), "unsupported_parameter"));
      return;
    } catch (RuntimeException e) {
      // A translation that failed otherwise must still free the backend slot it holds.
      LOG.errorf(e, "Request %s: the request could not be translated", exchange.requestId);
      attempt.end(vertx, false);
      respondError(GatewayError.internal(exchange.requestId));
      return;
    }
    // Over HTTP or through a provider's SDK: the rest of the loop cannot tell.
    UpstreamCall call =
        proxy
            .upstream()
            .open(
                attempt.target,
                new UpstreamRequest(
                    attempt.dialect.path(),
                    body,
                    stream,
                    exchange.requestId,
                    attempt.dialect::decorate));
    attempt.call = call;
    watchIdle(attempt);
    if (stream) {
      armFirstTokenTimer(attempt);
    }
    call.response()
        .onSuccess(response -> onResponse(attempt, response))
        .onFailure(failure -> onAttemptFailure(attempt, failure));
  }

  private void armFirstTokenTimer(UpstreamAttempt attempt) {
    Duration limit = picker.route().policy().timeouts().firstToken();
    if (limit == null) {
      return;
    }
    attempt.firstTokenTimer =
        vertx.setTimer(
            limit.toMillis(),
            id -> {
              attempt.firstTokenTimer = -1;
              if (!attempt.over && !committed) {
                failAttempt(
                    attempt,
                    FailureKind.TIMEOUT,
                    UpstreamErrors.firstTokenTimeout(attempt.target, clientModel),
                    null,
                    true);
              }
            });
  }

  private void onResponse(UpstreamAttempt attempt, UpstreamResponse response) {
    if (attempt.over) {
      return;
    }
    if (exchange.firstByteNanos == 0) {
      exchange.firstByteNanos = System.nanoTime();
    }
    attempt.sawData();
    int status = response.status();
    if (status >= 200 && status < 300) {
      if (request.stream() && isEventStream(response)) {
        relayStream(attempt, response);
      } else {
        relayBody(attempt, response);
      }
      return;
    }
    String retryAfter = response.header("retry-after");
    BoundedBody.collect(response, OpenAiProxy.MAX_ERROR_BODY_BYTES, null, attempt.call::cancel)
        .onComplete(
            collected -> {
              if (attempt.over) {
                return;
              }
              Buffer errorBody = collected.succeeded() ? collected.result() : null;
              FailureKind kind = UpstreamErrors.classify(status, errorBody);
              GatewayError error =
                  UpstreamErrors.fromResponse(
                      attempt.target, clientModel, status, errorBody, retryAfter);
              failAttempt(
                  attempt, kind, error, UpstreamErrors.parseRetryAfterSeconds(retryAfter), false);
            });
  }

  /**
   * From the moment its call opens, an attempt from which nothing arrives (no head, then no chunk)
   * for the route's idle time ends: retried while nothing reached the client, an error event after.
   */
  private void watchIdle(UpstreamAttempt attempt) {
    Duration idle = picker.route().policy().timeouts().idle();
    attempt.idleLimitNanos =
        TimeUnit.MILLISECONDS.toNanos(idle != null ? idle.toMillis() : proxy.idleTimeoutMillis());
    attempt.clientStallLimitNanos = proxy.clientStallNanos();
    attempt.context = context;
    attempt.onSilent = v -> onSilent(attempt);
    proxy.idleWatch().watch(attempt);
  }

  private void onSilent(UpstreamAttempt attempt) {
    if (attempt.over || done) {
      return;
    }
    if (attempt.heldForClient) {
      onClientStalled(attempt);
      return;
    }
    if (committed) {
      attempt.end(vertx, true);
      brokenStream(
          "upstream_timeout",
          "The provider's stream fell silent for longer than the idle time limit.");
    } else {
      failAttempt(
          attempt,
          FailureKind.TIMEOUT,
          UpstreamErrors.fromFailure(attempt.target, clientModel, new TimeoutException()),
          null,
          true);
    }
  }

  private void onAttemptFailure(UpstreamAttempt attempt, Throwable failure) {
    if (attempt.over || exchange.clientGone) {
      return;
    }
    FailureKind kind = UpstreamErrors.classify(failure);
    failAttempt(
        attempt,
        kind,
        UpstreamErrors.fromFailure(attempt.target, clientModel, failure),
        null,
        true);
  }

  /**
   * An attempt failed before anything reached the client: record it against the backend, then
   * retry, fall back or answer with the error.
   */
  private void failAttempt(
      UpstreamAttempt attempt,
      FailureKind kind,
      GatewayError error,
      Long retryAfterSeconds,
      boolean cancelUpstream) {
    attempt.end(vertx, cancelUpstream);
    proxy.metrics().attempt(clientModel, attempt.target.backend().name(), kind.metricName());
    lastError = error;
    if (kind.countsAgainstBackend()) {
      attempt.state.recordFailure(
          proxy.clock().millis(),
          picker.route().policy().cooldown(),
          kind.restsAtOnce(),
          retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds),
          kind.metricName());
    }
    if (done) {
      return;
    }
    RetryPolicy retry = picker.route().policy().retry();
    boolean retryable =
        kind == FailureKind.BACKEND_MISCONFIGURED
            || (kind.condition() != null && retry.retries(kind.condition()));
    if (retryable) {
      scheduleRetry(retry, attempt, retryAfterSeconds);
    } else if (kind == FailureKind.CONTEXT_WINDOW || kind == FailureKind.CONTENT_POLICY) {
      if (picker.fallBack(kind)) {
        attempt();
      } else {
        respondError(error);
      }
    } else {
      respondError(error);
    }
  }

  private void scheduleRetry(RetryPolicy retry, UpstreamAttempt failed, Long retryAfterSeconds) {
    if (!picker.attemptsLeft()) {
      giveUp();
      return;
    }
    Duration wait = Backoff.before(picker.routeAttempts(), retry, ThreadLocalRandom.current());
    // The backend that asked for patience rests (cooldown) as long as it asked; when it is the
    // only one left and the policy may reuse it, wait that long for it rather than fail.
    if (retryAfterSeconds != null
        && !retry.onlyUntriedBackends()
        && retryAfterSeconds * 1000 <= retry.maxRetryAfter().toMillis()
        && !picker.anotherBackendAvailable(failed)) {
      Duration asked = Duration.ofSeconds(retryAfterSeconds).plusMillis(10);
      if (asked.compareTo(wait) > 0) {
        wait = asked;
      }
    }
    retryTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> attempt());
  }

  /** This route is spent: try the next general fallback, or answer with the last error. */
  private void giveUp() {
    if (picker.fallBack()) {
      attempt();
      return;
    }
    respondError(lastError != null ? lastError : picker.noBackendError());
  }

  // ---- relaying a success ----

  private void relayBody(UpstreamAttempt attempt, UpstreamResponse response) {
    BoundedBody.collect(response, proxy.maxResponseBytes(), attempt::sawData, attempt.call::cancel)
        .onSuccess(
            body -> {
              if (attempt.over) {
                return;
              }
              long latency = System.nanoTime() - attempt.startNanos;
              BackendDialect.Answer answer;
              try {
                answer = attempt.dialect.response(body, clientModel);
              } catch (RuntimeException e) {
                attempt.end(vertx, false);
                respondError(
                    new GatewayError(
                        502,
                        "api_error",
                        "upstream_bad_response",
                        null,
                        "Backend '"
                            + attempt.target.backend().name()
                            + "' answered with a response the gateway cannot read: "
                            + e.getMessage(),
                        null));
                return;
              }
              succeeded(attempt, answer.usage(), latency, 0);
              commitHeaders(attempt, 200, "application/json");
              proxy.governor().costHeader(exchange, ctx.response().headers());
              ctx.response().end(answer.body());
              finish();
            })
        .onFailure(
            failure -> {
              if (attempt.over) {
                return;
              }
              if (failure instanceof BoundedBody.TooLargeException) {
                attempt.end(vertx, true);
                respondError(
                    UpstreamErrors.tooLarge(attempt.target, clientModel, proxy.maxResponseBytes()));
              } else {
                onAttemptFailure(attempt, failure);
              }
            });
  }

  private void relayStream(UpstreamAttempt attempt, UpstreamResponse response) {
    HttpServerResponse client = ctx.response();
    BackendDialect.StreamRelay filter = attempt.dialect.stream(clientModel);
    filter.priceWith(attempt.target.backend().pricing());
    response.handler(
        chunk -> {
          if (attempt.over) {
            return;
          }
          attempt.sawData();
          if (!committed) {
            // The first chunk commits the request to this attempt: no retry after this point.
            attempt.state.recordSuccess(0, System.nanoTime() - attempt.startNanos);
            commitHeaders(attempt, 200, filter.contentType());
            client.setChunked(true).putHeader("cache-control", "no-cache");
            if (attempt.firstTokenTimer >= 0) {
              vertx.cancelTimer(attempt.firstTokenTimer);
              attempt.firstTokenTimer = -1;
            }
          }
          Buffer out = filter.accept(chunk);
          if (out.length() > 0) {
            client.write(out);
            if (client.writeQueueFull()) {
              // A slow client slows the upstream read instead of growing a buffer without bound.
              response.pause();
              attempt.holdForClient();
              client.drainHandler(
                  v -> {
                    attempt.releasedByClient();
                    response.resume();
                  });
            }
          }
        });
    response.exceptionHandler(
        failure -> {
          if (attempt.over) {
            return;
          }
          if (!committed) {
            onAttemptFailure(attempt, failure);
            return;
          }
          exchange.usage = filter.usage();
          attempt.end(vertx, false);
          brokenStream(
              "upstream_stream_broken", "The provider's stream broke off before it was complete.");
        });
    response.endHandler(
        v -> {
          if (attempt.over) {
            return;
          }
          if (!committed) {
            attempt.state.recordSuccess(0, System.nanoTime() - attempt.startNanos);
            commitHeaders(attempt, 200, filter.contentType());
          }
          Usage usage = filter.usage();
          succeeded(attempt, usage, 0, 0);
          client.end(filter.end());
          finish();
        });
  }

  private void succeeded(
      UpstreamAttempt attempt, Usage usage, long latencyNanos, long firstTokenNanos) {
    exchange.usage = usage;
    exchange.upstreamNanos = System.nanoTime() - attempt.startNanos;
    attempt.end(vertx, false);
    if (latencyNanos > 0 || firstTokenNanos > 0) {
      attempt.state.recordSuccess(latencyNanos, firstTokenNanos);
    }
    if (usage != null) {
      attempt.state.recordTokens(proxy.clock().millis(), usage.totalTokens());
    }
    proxy.metrics().attempt(clientModel, attempt.target.backend().name(), "ok");
  }

  private void commitHeaders(UpstreamAttempt attempt, int status, String contentType) {
    committed = true;
    exchange.status = status;
    HttpServerResponse client = ctx.response();
    client.setStatusCode(status).putHeader("content-type", contentType);
    routingHeaders(attempt.target.backend().name());
  }

  private void routingHeaders(String backend) {
    HttpServerResponse client = ctx.response();
    client.putHeader("x-tollgate-model", picker.route().model());
    if (backend != null) {
      client.putHeader("x-tollgate-backend", backend);
    }
    client.putHeader("x-tollgate-attempts", Integer.toString(exchange.attempts));
  }

  // ---- endings ----

  private void respondError(GatewayError error) {
    if (done || committed) {
      return;
    }
    done = true;
    cancelTimers();
    if (!exchange.clientGone && !ctx.response().ended()) {
      routingHeaders(exchange.backend);
    }
    proxy.responses().error(ctx, error);
  }

  /** Ends a stream that already started with an error event; the status cannot change now. */
  private void brokenStream(String code, String message) {
    if (done) {
      return;
    }
    done = true;
    cancelTimers();
    exchange.errorCode = code;
    if (!ctx.response().ended() && !exchange.clientGone) {
      ctx.response()
          .end(
              ClientSchema.of(ctx)
                  .streamError(new GatewayError(502, "api_error", code, null, message, null)));
    }
    proxy.recorder().finish(exchange);
  }

  private void finish() {
    done = true;
    cancelTimers();
    proxy.recorder().finish(exchange);
  }

  private void onRequestTimeout() {
    requestTimer = -1;
    if (done) {
      return;
    }
    if (current != null) {
      current.end(vertx, true);
    }
    if (committed) {
      brokenStream("request_timeout", "The request did not complete within its time limit.");
    } else {
      respondError(UpstreamErrors.requestTimeout(clientModel));
    }
  }

  private void onClientGone() {
    if (done || ctx.response().ended()) {
      return;
    }
    done = true;
    exchange.clientGone = true;
    cancelTimers();
    if (current != null) {
      current.end(vertx, true);
    }
    exchange.status = 499;
    exchange.errorCode = "client_closed_request";
    proxy.recorder().finish(exchange);
  }

  /**
   * The client read nothing of the stream for its limit while the provider had more: it is gone in
   * all but name. Its stream is reset (over HTTP/1.1, the connection closed) and the upstream call
   * cancelled; the backend is not blamed.
   */
  private void onClientStalled(UpstreamAttempt attempt) {
    done = true;
    exchange.clientGone = true;
    cancelTimers();
    attempt.end(vertx, true);
    exchange.status = 499;
    exchange.errorCode = "client_stalled";
    proxy.recorder().finish(exchange);
    ctx.response().reset();
  }

  private void cancelTimers() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    if (requestTimer >= 0) {
      vertx.cancelTimer(requestTimer);
      requestTimer = -1;
    }
  }

  private static boolean isEventStream(UpstreamResponse response) {
    String type = response.header("content-type");
    return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
  }
}
