package io.tollgate.proxy.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of every backend this proxy has sent to, keyed by route resource and backend name, so a
 * configuration reload that keeps a backend keeps what is known of it.
 */
@Singleton
public class BackendStates {

  private final Map<String, BackendState> states = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Clock clock;

  public BackendStates(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The state under a key from {@link #key}; created (with its gauges) on first use. */
  public BackendState of(String key) {
    BackendState state = states.get(key);
    return state != null ? state : states.computeIfAbsent(key, this::create);
  }

  private BackendState create(String key) {
    BackendState state = new BackendState();
    int slash = key.lastIndexOf('/');
    Tags tags = Tags.of("route", key.substring(0, slash), "backend", key.substring(slash + 1));
    Gauge.builder("tollgate.backend.health", state, s -> s.health(clock.millis()).gaugeValue)
        .description("0 available, 1 cooling down, 2 waiting for its probe request")
        .tags(tags)
        .register(registry);
    Gauge.builder("tollgate.backend.in.flight", state, BackendState::inFlight)
        .description("Requests this proxy has in flight to the backend")
        .tags(tags)
        .register(registry);
    return state;
  }

  /** Current state, or null when the backend has not been used yet. */
  public BackendState peek(String key) {
    return states.get(key);
  }

  /** The key of a backend's state: its route's resource and its name. */
  public static String key(Route route, Backend backend) {
    return route.resource() + "/" + backend.name();
  }
}
