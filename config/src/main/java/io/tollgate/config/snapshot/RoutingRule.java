package io.tollgate.config.snapshot;

import java.util.List;

/**
 * A custom routing rule of a route: requests that match use {@code backends} (names of the route's
 * backends, in preference order) with {@code strategy}, or the route's when null.
 */
public record RoutingRule(
    String name, RuleMatch match, List<String> backends, RoutingStrategy strategy) {

  public RoutingRule {
    Backend.requireText(name, "name");
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("rule " + name + " names no backend");
    }
  }
}
