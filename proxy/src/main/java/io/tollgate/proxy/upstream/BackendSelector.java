package io.tollgate.proxy.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks the backend of a route that serves a request: uniformly at random among its backends. */
@ApplicationScoped
public class BackendSelector {

  public UpstreamTarget select(List<UpstreamTarget> targets) {
    int size = targets.size();
    return size == 1 ? targets.get(0) : targets.get(ThreadLocalRandom.current().nextInt(size));
  }
}
