package io.tollgate.proxy.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tollgate.proxy.config.ReloadOutcome;
import io.tollgate.proxy.http.Exchange;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics. Meters are looked up once per (operation, model, backend,
 * status) and cached, so the hot path does a map lookup rather than a registry search.
 */
@Singleton
public class GatewayMetrics {

  private static final String NONE = "none";

  private final MeterRegistry registry;
  private final Map<MeterKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
  private final AtomicLong snapshotVersion = new AtomicLong();
  private final AtomicLong lastReloadSucceeded = new AtomicLong(1);

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("tollgate.config.snapshot.version", snapshotVersion);
    registry.gauge("tollgate.config.last.reload.success", lastReloadSucceeded);
  }

  private record MeterKey(String operation, String model, String backend, int status) {}

  private record RequestMeters(
      Counter requests, Timer duration, Counter promptTokens, Counter completionTokens) {}

  public void requestFinished(Exchange exchange, long latencyNanos) {
    // Only configured model names become label values: unknown names would grow the series without
    // bound.
    boolean known =
        exchange.model != null && exchange.snapshot.snapshot().route(exchange.model) != null;
    MeterKey key =
        new MeterKey(
            exchange.operation,
            known ? exchange.model : NONE,
            exchange.backend == null ? NONE : exchange.backend,
            exchange.status);
    RequestMeters meters = requestMeters.computeIfAbsent(key, this::register);
    meters.requests.increment();
    meters.duration.record(latencyNanos, TimeUnit.NANOSECONDS);
    if (exchange.usage != null) {
      meters.promptTokens.increment(exchange.usage.promptTokens());
      meters.completionTokens.increment(exchange.usage.completionTokens());
    }
  }

  private RequestMeters register(MeterKey key) {
    String status = Integer.toString(key.status());
    Counter requests =
        Counter.builder("tollgate.requests")
            .description("Client requests by outcome")
            .tag("operation", key.operation())
            .tag("model", key.model())
            .tag("backend", key.backend())
            .tag("status", status)
            .register(registry);
    Timer duration =
        Timer.builder("tollgate.request.duration")
            .description("Time from request arrival to the last byte of the response")
            .tag("operation", key.operation())
            .tag("model", key.model())
            .tag("backend", key.backend())
            .tag("status", status)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    return new RequestMeters(requests, duration, tokens(key, "prompt"), tokens(key, "completion"));
  }

  private Counter tokens(MeterKey key, String type) {
    return Counter.builder("tollgate.tokens")
        .description("Tokens reported by providers")
        .tag("model", key.model())
        .tag("backend", key.backend())
        .tag("type", type)
        .register(registry);
  }

  private record AttemptKey(String model, String backend, String outcome) {}

  private final Map<AttemptKey, Counter> attemptCounters = new ConcurrentHashMap<>();

  /** One upstream call and how it ended ({@code ok}, {@code rate_limited}, {@code timeout}…). */
  public void attempt(String model, String backend, String outcome) {
    attemptCounters
        .computeIfAbsent(
            new AttemptKey(model, backend, outcome),
            key ->
                Counter.builder("tollgate.upstream.attempts")
                    .description("Upstream calls by outcome; retries and fallbacks each count")
                    .tag("model", key.model())
                    .tag("backend", key.backend())
                    .tag("outcome", key.outcome())
                    .register(registry))
        .increment();
  }

  public void configReloaded(ReloadOutcome outcome) {
    registry
        .counter("tollgate.config.reloads", "result", outcome.result().name().toLowerCase())
        .increment();
    lastReloadSucceeded.set(outcome.rejected() ? 0 : 1);
    snapshotVersion.set(outcome.version());
  }

  // ---- limits, budgets and spend ----

  private record SpendKey(String model, String key, String team) {}

  private final Map<SpendKey, Counter> spendCounters = new ConcurrentHashMap<>();

  /** What an answer cost, by public model, key and team. */
  public void spend(Exchange exchange, long nanos) {
    String team = exchange.key == null || exchange.key.team() == null ? NONE : exchange.key.team();
    String key = exchange.key == null ? NONE : exchange.key.name();
    String model = exchange.model == null ? NONE : exchange.model;
    spendCounters
        .computeIfAbsent(
            new SpendKey(model, key, team),
            k ->
                Counter.builder("tollgate.spend.usd")
                    .description("What answers cost at the backends' prices, in USD")
                    .tag("model", k.model())
                    .tag("key", k.key())
                    .tag("team", k.team())
                    .register(registry))
        .increment(nanos / 1e9);
  }

  /** A request was refused by a limit; {@code kind} is what kind of meter refused it. */
  public void limitRefused(io.tollgate.governance.Meter meter, boolean storeUnavailable) {
    String kind;
    if (storeUnavailable) {
      kind = "store_unavailable";
    } else if (meter instanceof io.tollgate.governance.BudgetMeter) {
      kind = "budget";
    } else if (meter instanceof io.tollgate.governance.ParallelMeter) {
      kind = "parallel_requests";
    } else if (meter instanceof io.tollgate.governance.RateMeter rate
        && rate.measure() == io.tollgate.governance.Measure.REQUESTS) {
      kind = "requests_per_minute";
    } else {
      kind = "tokens_per_minute";
    }
    registry.counter("tollgate.limit.refusals", "limit", kind).increment();
  }

  /** An admission decided on this proxy's counters because the shared store did not answer. */
  public void degradedAdmission() {
    registry.counter("tollgate.limit.degraded.admissions").increment();
  }

  /** An answer from a backend without a price: counted as free by budgets. */
  public void unpriced(String model, String backend) {
    registry
        .counter(
            "tollgate.unpriced.requests", "model", model == null ? NONE : model, "backend", backend)
        .increment();
  }

  public void budgetAlert(String budget, int percent) {
    registry
        .counter("tollgate.budget.alerts", "budget", budget, "threshold", Integer.toString(percent))
        .increment();
  }

  public void webhookFailed() {
    registry.counter("tollgate.budget.alert.webhook.failures").increment();
  }
}
