package io.tollgate.config.snapshot;

import java.util.List;

/**
 * A public model name clients send, and the backends that can serve it.
 *
 * @param model the public model name (unique in a snapshot)
 * @param resource where it came from, e.g. {@code default/chat-fast}, for logs and errors
 * @param backends at least one, in declaration order
 */
public record Route(String model, String resource, List<Backend> backends) {

  public Route {
    Backend.requireText(model, "model");
    Backend.requireText(resource, "resource");
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("route " + model + " needs at least one backend");
    }
    if (backends.stream().map(Backend::name).distinct().count() != backends.size()) {
      throw new IllegalArgumentException("route " + model + " has duplicate backend names");
    }
  }
}
