package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.routing.BackendState;
import io.tollgate.proxy.routing.RequestFacts;
import io.tollgate.proxy.routing.RoutePlanner;
import io.tollgate.proxy.upstream.FailureKind;
import io.tollgate.proxy.upstream.UpstreamErrors;
import io.tollgate.proxy.upstream.UpstreamTarget;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which backend a request tries next: the plan of its current route, the backends it tried and how
 * many attempts it made there, and the routes it may fall back to.
 */
final class BackendPicker {

  private final OpenAiProxy proxy;
  private final Exchange exchange;
  private final RequestFacts facts;
  private final ClientRequest request;
  private final String clientModel;
  private final Deque<String> fallbacks;
  private Deque<String> specialFallbacks;
  private Route route;
  private List<UpstreamTarget> candidates;
  private final Set<String> tried = new HashSet<>();
  private int routeAttempts;

  BackendPicker(
      OpenAiProxy proxy,
      Exchange exchange,
      RequestFacts facts,
      ClientRequest request,
      Route route) {
    this.proxy = proxy;
    this.exchange = exchange;
    this.facts = facts;
    this.request = request;
    this.route = route;
    this.clientModel = route.model();
    this.fallbacks = new ArrayDeque<>(route.policy().fallbacks());
    plan();
  }

  /** The route now being tried (the client's, or a fallback). */
  Route route() {
    return route;
  }

  /** Attempts made on the current route. */
  int routeAttempts() {
    return routeAttempts;
  }

  boolean attemptsLeft() {
    return routeAttempts < route.policy().retry().attempts();
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

  /**
   * The first planned backend that can take the request now, reserved and counted, or null. Untried
   * backends come first; tried ones again only when the retry policy allows reuse.
   */
  UpstreamAttempt next() {
    long now = proxy.clock().millis();
    UpstreamAttempt found = acquire(now, true);
    if (found == null && !route.policy().retry().onlyUntriedBackends()) {
      found = acquire(now, false);
    }
    if (found != null) {
      routeAttempts++;
      tried.add(found.target.stateKey());
    }
    return found;
  }

  private UpstreamAttempt acquire(long now, boolean untriedOnly) {
    // A route's only backend never rests: resting it would fail every request, not some.
    boolean honourCooldown = route.backends().size() > 1;
    for (UpstreamTarget target : candidates) {
      if (untriedOnly && tried.contains(target.stateKey())) {
        continue;
      }
      BackendDialect dialect = request.dialect(target.backend().schema());
      if (dialect == null) {
        continue;
      }
      BackendState state = proxy.states().of(target.stateKey());
      if (state.tryAcquire(now, target.backend().capacity(), honourCooldown) == null) {
        return new UpstreamAttempt(target, state, dialect);
      }
    }
    return null;
  }

  /** Whether a backend other than the failed one could take the request right now. */
  boolean anotherBackendAvailable(UpstreamAttempt failed) {
    long now = proxy.clock().millis();
    for (UpstreamTarget target : candidates) {
      if (target != failed.target
          && proxy.states().of(target.stateKey()).health(now) == BackendState.Health.AVAILABLE) {
        return true;
      }
    }
    return false;
  }

  /** Why no backend could be tried: all resting (503) or all at capacity (429). */
  GatewayError noBackendError() {
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

  /** Moves to the next general fallback route; false when there is none. */
  boolean fallBack() {
    return fallBack(fallbacks);
  }

  /** Moves to the next context-window or content-policy fallback; false when there is none. */
  boolean fallBack(FailureKind kind) {
    if (specialFallbacks == null) {
      RoutingPolicy policy = exchange.snapshot.snapshot().route(clientModel).policy();
      specialFallbacks =
          new ArrayDeque<>(
              kind == FailureKind.CONTEXT_WINDOW
                  ? policy.contextWindowFallbacks()
                  : policy.contentPolicyFallbacks());
    }
    return fallBack(specialFallbacks);
  }

  private boolean fallBack(Deque<String> queue) {
    while (!queue.isEmpty()) {
      Route next = exchange.snapshot.snapshot().route(queue.pollFirst());
      if (next != null) {
        route = next;
        exchange.servedModel = next.model();
        routeAttempts = 0;
        tried.clear();
        plan();
        return true;
      }
    }
    return false;
  }
}
