package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.RetryPolicy;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.routing.BackendState;
import io.tollgate.proxy.routing.Backoff;
import io.tollgate.proxy.routing.RequestFacts;
import io.tollgate.proxy.routing.RoutePlanner;
import io.tollgate.proxy.translate.TranslationException;
import io.tollgate.proxy.upstream.FailureKind;
import io.tollgate.proxy.upstream.UpstreamErrors;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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

  private final OpenAiProxy proxy;
  private final RoutingContext ctx;
  private final Exchange exchange;
  private final OpenAiRequest request;
  private final OpenAiOperation operation;
  private final RequestFacts facts;
  private final Vertx vertx;
  private final String clientModel;
  private final Deque<String> fallbacks;
  private Deque<String> specialFallbacks;

  private Route route;
  private List<UpstreamTarget> candidates;
  private final Set<String> tried = new HashSet<>();
  private int routeAttempts;
  private GatewayError lastError;
  private Attempt current;
  private boolean committed;
  private boolean done;
  private long retryTimer = -1;
  private long requestTimer = -1;

  /** One upstream call. {@code over} makes every late callback of an abandoned call a no-op. */
  private final class Attempt {
    final UpstreamTarget target;
    final BackendState state;
    final BackendDialect dialect;
    final long startNanos = System.nanoTime();
    HttpClientRequest upstream;
    long firstTokenTimer = -1;
    long idleTimer = -1;
    long lastDataNanos;
    boolean over;

    Attempt(UpstreamTarget target, BackendState state) {
      this.target = target;
      this.state = state;
      this.dialect = proxy.dialect(target);
    }

    /** Ends the attempt once: frees its backend slot and cancels what is still running. */
    void end(boolean cancelUpstream) {
      if (over) {
        return;
      }
      over = true;
      state.release();
      if (firstTokenTimer >= 0) {
        vertx.cancelTimer(firstTokenTimer);
      }
      if (idleTimer >= 0) {
        vertx.cancelTimer(idleTimer);
      }
      if (cancelUpstream && upstream != null) {
        upstream.reset();
      }
    }
  }

  RoutedRequest(
      OpenAiProxy proxy,
      RoutingContext ctx,
      Exchange exchange,
      OpenAiRequest request,
      OpenAiOperation operation,
      Route route,
      RequestFacts facts) {
    this.proxy = proxy;
    this.ctx = ctx;
    this.exchange = exchange;
    this.request = request;
    this.operation = operation;
    this.facts = facts;
    this.vertx = ctx.vertx();
    this.route = route;
    this.clientModel = route.model();
    this.fallbacks = new ArrayDeque<>(route.policy().fallbacks());
  }

  void start() {
    plan();
    Duration limit = route.policy().timeouts().request();
    if (limit != null) {
      requestTimer = vertx.setTimer(limit.toMillis(), id -> onRequestTimeout());
    }
    ctx.response().closeHandler(v -> onClientGone());
    attempt();
  }

  private void plan() {
    RoutePlanner.Plan plan =
        proxy
            .planner()
            .plan(
                route,
                exchange.snapshot.targets(route.model()),
                facts,
                ThreadLocalRandom.current());
    candidates = plan.candidates();
    if (plan.rule() != null) {
      exchange.rule = plan.rule().name();
    }
  }

  // ---- attempts ----

  private void attempt() {
    retryTimer = -1;
    if (done) {
      return;
    }
    RetryPolicy retry = route.policy().retry();
    if (routeAttempts >= retry.attempts()) {
      giveUp();
      return;
    }
    Attempt attempt = acquireNext(retry);
    if (attempt == null) {
      giveUp();
      return;
    }
    current = attempt;
    routeAttempts++;
    exchange.attempts++;
    exchange.backend = attempt.target.backend().name();
    tried.add(attempt.target.stateKey());
    boolean stream = operation == OpenAiOperation.CHAT_COMPLETIONS && request.stream();
    Buffer body;
    try {
      body = attempt.dialect.requestBody(request, attempt.target.backend().upstreamModel(), stream);
    } catch (TranslationException e) {
      // The request asks for something this backend cannot honour: the client's to fix.
      attempt.end(false);
      respondError(GatewayError.badRequest(e.getMessage(), e.param(), "unsupported_parameter"));
      return;
    }
    proxy
        .upstream()
        .post(
            attempt.target,
            attempt.dialect.path(operation),
            stream,
            route.policy().timeouts().idle())
        .onSuccess(
            upstreamRequest -> {
              if (attempt.over) {
                upstreamRequest.reset();
                return;
              }
              attempt.upstream = upstreamRequest;
              upstreamRequest.putHeader("x-request-id", exchange.requestId);
              // Failures reach us through send()'s future; without a handler Vert.x would also
              // log every reset we make on purpose (client gone, timeouts) as an error.
              upstreamRequest.exceptionHandler(failure -> {});
              if (stream) {
                armFirstTokenTimer(attempt);
              }
              upstreamRequest
                  .send(body)
                  .onSuccess(response -> onResponse(attempt, response))
                  .onFailure(failure -> onAttemptFailure(attempt, failure));
            })
        .onFailure(failure -> onAttemptFailure(attempt, failure));
  }

  /**
   * The first planned backend that can take the request now, reserved. Untried backends come first;
   * tried ones again only when the retry policy allows reuse.
   */
  private Attempt acquireNext(RetryPolicy retry) {
    long now = proxy.clock().millis();
    Attempt found = acquire(now, true);
    if (found == null && !retry.onlyUntriedBackends()) {
      found = acquire(now, false);
    }
    return found;
  }

  private Attempt acquire(long now, boolean untriedOnly) {
    for (UpstreamTarget target : candidates) {
      if (untriedOnly && tried.contains(target.stateKey())
          || proxy.dialect(target).path(operation) == null) {
        continue;
      }
      BackendState state = proxy.states().of(target.stateKey());
      if (state.tryAcquire(now, target.backend().capacity(), route.backends().size() > 1) == null) {
        return new Attempt(target, state);
      }
    }
    return null;
  }

  private void armFirstTokenTimer(Attempt attempt) {
    Duration limit = route.policy().timeouts().firstToken();
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

  private void onResponse(Attempt attempt, HttpClientResponse response) {
    if (attempt.over) {
      return;
    }
    if (exchange.firstByteNanos == 0) {
      exchange.firstByteNanos = System.nanoTime();
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      watchIdle(attempt);
      if (operation == OpenAiOperation.CHAT_COMPLETIONS
          && request.stream()
          && isEventStream(response)) {
        relayStream(attempt, response);
      } else {
        relayBody(attempt, response);
      }
      return;
    }
    String retryAfter = response.getHeader("retry-after");
    BoundedBody.collect(response, OpenAiProxy.MAX_ERROR_BODY_BYTES)
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
   * The HTTP client's idle timeout covers the wait for the response head only; from then on this
   * watchdog ends an attempt whose upstream falls silent. One timer per idle period, re-armed for
   * the remainder, rather than one per chunk.
   */
  private void watchIdle(Attempt attempt) {
    Duration idle = route.policy().timeouts().idle();
    long limitMillis = idle != null ? idle.toMillis() : proxy.idleTimeoutMillis();
    attempt.lastDataNanos = System.nanoTime();
    armIdle(attempt, limitMillis, limitMillis);
  }

  private void armIdle(Attempt attempt, long limitMillis, long delayMillis) {
    attempt.idleTimer =
        vertx.setTimer(
            Math.max(1, delayMillis),
            id -> {
              attempt.idleTimer = -1;
              if (attempt.over || done) {
                return;
              }
              long silentMillis = (System.nanoTime() - attempt.lastDataNanos) / 1_000_000;
              if (silentMillis < limitMillis) {
                armIdle(attempt, limitMillis, limitMillis - silentMillis);
              } else if (committed) {
                attempt.end(true);
                brokenStream(
                    "upstream_timeout",
                    "The provider's stream fell silent for longer than the idle time limit.");
              } else {
                failAttempt(
                    attempt,
                    FailureKind.TIMEOUT,
                    UpstreamErrors.fromFailure(
                        attempt.target, clientModel, new java.util.concurrent.TimeoutException()),
                    null,
                    true);
              }
            });
  }

  private void onAttemptFailure(Attempt attempt, Throwable failure) {
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
      Attempt attempt,
      FailureKind kind,
      GatewayError error,
      Long retryAfterSeconds,
      boolean cancelUpstream) {
    attempt.end(cancelUpstream);
    proxy.metrics().attempt(clientModel, attempt.target.backend().name(), kind.metricName());
    lastError = error;
    if (kind.countsAgainstBackend()) {
      attempt.state.recordFailure(
          proxy.clock().millis(),
          route.policy().cooldown(),
          kind.restsAtOnce(),
          retryAfterSeconds == null ? null : Duration.ofSeconds(retryAfterSeconds),
          kind.metricName());
    }
    if (done) {
      return;
    }
    RetryPolicy retry = route.policy().retry();
    boolean retryable =
        kind == FailureKind.BACKEND_MISCONFIGURED
            || (kind.condition() != null && retry.retries(kind.condition()));
    if (retryable) {
      scheduleRetry(retry, attempt, retryAfterSeconds);
    } else if (kind == FailureKind.CONTEXT_WINDOW || kind == FailureKind.CONTENT_POLICY) {
      if (!fallBack(special(kind))) {
        respondError(error);
      }
    } else {
      respondError(error);
    }
  }

  private void scheduleRetry(RetryPolicy retry, Attempt failed, Long retryAfterSeconds) {
    if (routeAttempts >= retry.attempts()) {
      giveUp();
      return;
    }
    Duration wait = Backoff.before(routeAttempts, retry, ThreadLocalRandom.current());
    // The backend that asked for patience rests (cooldown) as long as it asked; when it is the
    // only one left and the policy may reuse it, wait that long for it rather than fail.
    if (retryAfterSeconds != null
        && !retry.onlyUntriedBackends()
        && retryAfterSeconds * 1000 <= retry.maxRetryAfter().toMillis()
        && !anotherBackendAvailable(failed)) {
      Duration asked = Duration.ofSeconds(retryAfterSeconds).plusMillis(10);
      if (asked.compareTo(wait) > 0) {
        wait = asked;
      }
    }
    retryTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> attempt());
  }

  private boolean anotherBackendAvailable(Attempt failed) {
    long now = proxy.clock().millis();
    for (UpstreamTarget target : candidates) {
      if (target != failed.target
          && proxy.states().of(target.stateKey()).health(now) == BackendState.Health.AVAILABLE) {
        return true;
      }
    }
    return false;
  }

  /** This route is spent: try the next general fallback, or answer with the last error. */
  private void giveUp() {
    if (fallBack(fallbacks)) {
      return;
    }
    respondError(lastError != null ? lastError : noBackendError());
  }

  private GatewayError noBackendError() {
    long now = proxy.clock().millis();
    boolean allCapacity = true;
    long soonest = Long.MAX_VALUE;
    for (UpstreamTarget target : candidates) {
      BackendState.Snapshot state = proxy.states().of(target.stateKey()).snapshot(now);
      if (state.health() != BackendState.Health.AVAILABLE) {
        allCapacity = false;
        soonest = Math.min(soonest, state.cooldownRemainingMillis());
      }
    }
    long retryAfter = allCapacity ? 1 : Math.max(1, (soonest + 999) / 1000);
    return UpstreamErrors.noBackendAvailable(clientModel, allCapacity, retryAfter);
  }

  private Deque<String> special(FailureKind kind) {
    if (specialFallbacks == null) {
      RoutingPolicy policy = exchange.snapshot.snapshot().route(clientModel).policy();
      specialFallbacks =
          new ArrayDeque<>(
              kind == FailureKind.CONTEXT_WINDOW
                  ? policy.contextWindowFallbacks()
                  : policy.contentPolicyFallbacks());
    }
    return specialFallbacks;
  }

  /** Moves the request to the next route in {@code queue}; false when there is none. */
  private boolean fallBack(Deque<String> queue) {
    while (!queue.isEmpty()) {
      Route next = exchange.snapshot.snapshot().route(queue.pollFirst());
      if (next != null) {
        route = next;
        exchange.servedModel = next.model();
        routeAttempts = 0;
        tried.clear();
        plan();
        attempt();
        return true;
      }
    }
    return false;
  }

  // ---- relaying a success ----

  private void relayBody(Attempt attempt, HttpClientResponse response) {
    BoundedBody.collect(
            response, proxy.maxResponseBytes(), () -> attempt.lastDataNanos = System.nanoTime())
        .onSuccess(
            body -> {
              if (attempt.over) {
                return;
              }
              long latency = System.nanoTime() - attempt.startNanos;
              Buffer answer;
              try {
                answer = attempt.dialect.responseBody(body, clientModel);
              } catch (RuntimeException e) {
                attempt.end(false);
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
              succeeded(attempt, OpenAiResponses.usage(answer), latency, 0);
              commitHeaders(attempt, 200, "application/json");
              ctx.response().end(answer);
              finish();
            })
        .onFailure(
            failure -> {
              if (attempt.over) {
                return;
              }
              if (failure instanceof BoundedBody.TooLargeException) {
                attempt.end(true);
                respondError(
                    UpstreamErrors.tooLarge(attempt.target, clientModel, proxy.maxResponseBytes()));
              } else {
                onAttemptFailure(attempt, failure);
              }
            });
  }

  private void relayStream(Attempt attempt, HttpClientResponse response) {
    HttpServerResponse client = ctx.response();
    BackendDialect.StreamRelay filter = attempt.dialect.stream(request, clientModel);
    response.handler(
        chunk -> {
          if (attempt.over) {
            return;
          }
          attempt.lastDataNanos = System.nanoTime();
          if (!committed) {
            // The first chunk commits the request to this attempt: no retry after this point.
            attempt.state.recordSuccess(0, System.nanoTime() - attempt.startNanos);
            commitHeaders(attempt, 200, "text/event-stream");
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
              client.drainHandler(v -> response.resume());
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
          attempt.end(false);
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
            commitHeaders(attempt, 200, "text/event-stream");
          }
          Usage usage = filter.usage();
          succeeded(attempt, usage, 0, 0);
          client.end(filter.end());
          finish();
        });
  }

  private void succeeded(Attempt attempt, Usage usage, long latencyNanos, long firstTokenNanos) {
    exchange.usage = usage;
    attempt.end(false);
    if (latencyNanos > 0 || firstTokenNanos > 0) {
      attempt.state.recordSuccess(latencyNanos, firstTokenNanos);
    }
    if (usage != null) {
      attempt.state.recordTokens(proxy.clock().millis(), usage.totalTokens());
    }
    proxy.metrics().attempt(clientModel, attempt.target.backend().name(), "ok");
  }

  private void commitHeaders(Attempt attempt, int status, String contentType) {
    committed = true;
    exchange.status = status;
    HttpServerResponse client = ctx.response();
    client.setStatusCode(status).putHeader("content-type", contentType);
    routingHeaders(attempt.target.backend().name());
  }

  private void routingHeaders(String backend) {
    HttpServerResponse client = ctx.response();
    client.putHeader("x-tollgate-model", route.model());
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
              OpenAiErrors.sseEvent(new GatewayError(502, "api_error", code, null, message, null)));
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
      current.end(true);
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
      current.end(true);
    }
    exchange.status = 499;
    exchange.errorCode = "client_closed_request";
    proxy.recorder().finish(exchange);
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

  private static boolean isEventStream(HttpClientResponse response) {
    String type = response.getHeader("content-type");
    return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
  }
}
