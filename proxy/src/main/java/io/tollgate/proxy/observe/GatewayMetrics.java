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
}
