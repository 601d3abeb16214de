package io.tollgate.config.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * How a route spreads requests over its backends and recovers from their failures.
 *
 * @param fallbacks public model names of routes tried, in order, when this route's attempts all
 *     failed
 * @param contextWindowFallbacks routes tried when a backend says the prompt exceeds its context
 * @param contentPolicyFallbacks routes tried when a backend refuses under its content policy
 * @param rules custom routing rules, first match wins
 */
public record RoutingPolicy(
    RoutingStrategy strategy,
    RetryPolicy retry,
    Timeouts timeouts,
    CooldownPolicy cooldown,
    List<String> fallbacks,
    List<String> contextWindowFallbacks,
    List<String> contentPolicyFallbacks,
    List<RoutingRule> rules) {

  public static final RoutingPolicy DEFAULT =
      new RoutingPolicy(
          RoutingStrategy.WEIGHTED,
          RetryPolicy.DEFAULT,
          Timeouts.NONE,
          CooldownPolicy.DEFAULT,
          List.of(),
          List.of(),
          List.of(),
          List.of());

  public RoutingPolicy {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(cooldown, "cooldown");
    fallbacks = List.copyOf(fallbacks);
    contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
    contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
    rules = List.copyOf(rules);
  }
}
