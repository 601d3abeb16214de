package io.tollgate.config.snapshot;

import java.util.List;

/**
 * A public model name clients send, and the backends that can serve it.
 *
 * @param model the public model name (unique in a snapshot)
 * @param resource where it came from, e.g. {@code default/chat-fast}, for logs and errors
 * @param backends at least one, in declaration order
 * @param policy strategy, retries, timeouts, cooldown, fallbacks and rules
 */
public record Route(String model, String resource, List<Backend> backends, RoutingPolicy policy) {

  /** A route with the default policy. */
  public Route(String model, String resource, List<Backend> backends) {
    this(model, resource, backends, RoutingPolicy.DEFAULT);
  }

  public Route {
    java.util.Objects.requireNonNull(policy, "policy");
    Backend.requireText(model, "model");
    Backend.requireText(resource, "resource");
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("route " + model + " needs at least one backend");
    }
    if (backends.stream().map(Backend::name).distinct().count() != backends.size()) {
      throw new IllegalArgumentException("route " + model + " has duplicate backend names");
    }
    for (RoutingRule rule : policy.rules()) {
      for (String name : rule.backends()) {
        if (backends.stream().noneMatch(b -> b.name().equals(name))) {
          throw new IllegalArgumentException(
              "rule " + rule.name() + " of route " + model + " names unknown backend " + name);
        }
      }
    }
  }

  /** The backend with this name, or null. */
  public Backend backend(String name) {
    for (Backend backend : backends) {
      if (backend.name().equals(name)) {
        return backend;
      }
    }
    return null;
  }
}
