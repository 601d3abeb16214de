package io.tollgate.proxy.governance;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.governance.Actual;
import io.tollgate.governance.CrossedThreshold;
import io.tollgate.governance.MeterPlan;
import io.tollgate.governance.MeterPlanCache;
import io.tollgate.governance.Reservation;
import io.tollgate.governance.UsageStore;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.observe.GatewayMetrics;
import io.tollgate.proxy.openai.Usage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Holds requests to their limits and budgets: reserves before the call (one store round trip),
 * settles with the real usage when the request ends, however it ends, and prices every answer.
 */
@Singleton
public class Governor {

  private static final Logger LOG = Logger.getLogger(Governor.class);
  private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

  private final UsageStore store;
  private final GatewayMetrics metrics;
  private final BudgetAlerts alerts;
  private final Clock clock;
  private final GatewayConfig.Governance config;
  private volatile MeterPlanCache plans;

  public Governor(
      UsageStore store,
      GatewayMetrics metrics,
      BudgetAlerts alerts,
      Clock clock,
      GatewayConfig config) {
    this.store = store;
    this.metrics = metrics;
    this.alerts = alerts;
    this.clock = clock;
    this.config = config.governance();
  }

  /**
   * Reserves what the request may use against every meter it is held to. Succeeds with null when it
   * may go ahead (rate-limit headers are then set on {@code headers}), or with the error to answer
   * when it may not.
   *
   * @param user the end user the client named, or null
   * @param inputTokens the prompt's estimated size
   * @param maxOutputTokens what the client allows the answer, or -1 when it did not say
   */
  public Future<GatewayError> admit(
      Exchange exchange,
      Route route,
      String user,
      long inputTokens,
      long maxOutputTokens,
      MultiMap headers) {
    long now = clock.millis();
    MeterPlan plan = plans(exchange).plan(exchange.key, route.model(), user, now);
    if (plan.isEmpty()) {
      return Future.succeededFuture();
    }
    exchange.plan = plan;
    if (plan.countsSpend() && config.unpricedModels() == GatewayConfig.UnpricedPolicy.REJECT) {
      Backend unpriced = Costs.firstUnpriced(route);
      if (unpriced != null) {
        metrics.unpriced(route.model(), unpriced.name());
        return Future.succeededFuture(LimitErrors.unpriced(unpriced, route.model()));
      }
    }
    long outputTokens = maxOutputTokens > 0 ? maxOutputTokens : config.defaultMaxOutputTokens();
    Reservation reservation =
        new Reservation(
            plan.scope(),
            exchange.requestId,
            plan.meters(),
            inputTokens,
            outputTokens,
            Costs.maxEstimateNanos(route, inputTokens, outputTokens),
            now,
            lease(route).toMillis());
    return store
        .reserve(reservation)
        .map(
            admission -> {
              if (admission.degraded()) {
                metrics.degradedAdmission();
              }
              RateLimitHeaders.write(admission, now, headers);
              if (admission.admitted()) {
                exchange.reservation = reservation;
                return null;
              }
              metrics.limitRefused(admission.refusedBy().meter(), admission.storeUnavailable());
              return LimitErrors.refused(admission, plan, now);
            })
        .otherwise(
            failure -> {
              // Stores decide store trouble by each limit's policy; this is a bug, not an outage.
              LOG.errorf(failure, "Admission of request %s failed", exchange.requestId);
              return new GatewayError(
                  503,
                  "api_error",
                  "limits_unavailable",
                  null,
                  "The gateway could not check this request's limits. Retry shortly.",
                  1L);
            });
  }

  /**
   * Prices the answer once its usage is known: sets {@link Exchange#costNanos} and returns it, or
   * -1 when the backend has no price (counted, and treated as free by budgets).
   */
  public long price(Exchange exchange) {
    if (exchange.costNanos >= 0 || exchange.usage == null) {
      return exchange.costNanos;
    }
    if (exchange.pricing == null) {
      if (exchange.backend != null) {
        metrics.unpriced(exchange.model, exchange.backend);
      }
      return -1;
    }
    exchange.costNanos = Costs.actualNanos(exchange.pricing, exchange.usage);
    return exchange.costNanos;
  }

  /** The response header with the answer's cost, when it has one. */
  public void costHeader(Exchange exchange, MultiMap headers) {
    long cost = price(exchange);
    if (cost >= 0) {
      headers.set("x-tollgate-cost-usd", Dollars.format(cost));
    }
  }

  /**
   * Settles the request's reservation with what it really used (nothing, when it failed before the
   * provider answered) and reports alert thresholds crossed. Called exactly once per request.
   */
  public void settle(Exchange exchange) {
    long cost = price(exchange);
    if (cost > 0) {
      metrics.spend(exchange, cost);
    }
    Reservation reservation = exchange.reservation;
    if (reservation == null) {
      return;
    }
    Usage usage = exchange.usage;
    Actual actual =
        usage == null
            ? Actual.NOTHING
            : new Actual(usage.promptTokens(), usage.completionTokens(), Math.max(0, cost));
    store
        .settle(reservation, actual, clock.millis())
        .onSuccess(
            settlement -> {
              for (CrossedThreshold crossed : settlement.crossed()) {
                alerts.fire(crossed, exchange.plan.budgets().get(crossed.meter().id()), exchange);
              }
            })
        .onFailure(
            failure -> LOG.errorf(failure, "Settling request %s failed", exchange.requestId));
  }

  /** The plan cache of the request's snapshot, started afresh when a new snapshot serves. */
  private MeterPlanCache plans(Exchange exchange) {
    Snapshot snapshot = exchange.snapshot.snapshot();
    MeterPlanCache current = plans;
    if (current == null || !current.isFor(snapshot)) {
      current = new MeterPlanCache(snapshot);
      plans = current;
    }
    return current;
  }

  private Duration lease(Route route) {
    Duration timeout = route.policy().timeouts().request();
    return timeout != null ? timeout.plus(LEASE_MARGIN) : config.reservationLease();
  }
}
