package io.tollgate.proxy.governance;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.openai.Usage;

/** Request costs: the estimate reserved before the call, and what the answer really cost. */
final class Costs {

  private Costs() {}

  /**
   * The most the request may cost on any backend of its route: its estimated prompt and maximum
   * completion at the dearest backend's prices, so a reservation is an upper bound wherever it is
   * served. Backends without a price count as free here (the unpriced policy decides elsewhere).
   */
  static long maxEstimateNanos(Route route, long inputTokens, long outputTokens) {
    long most = 0;
    for (Backend backend : route.backends()) {
      Pricing pricing = backend.pricing();
      if (pricing != null) {
        most = Math.max(most, pricing.costNanos(inputTokens, 0, 0, outputTokens));
      }
    }
    return most;
  }

  /** The first backend of the route without a price, or null when all have one. */
  static Backend firstUnpriced(Route route) {
    for (Backend backend : route.backends()) {
      if (backend.pricing() == null) {
        return backend;
      }
    }
    return null;
  }

  /** What a provider-reported usage costs at a price. */
  static long actualNanos(Pricing pricing, Usage usage) {
    return pricing.costNanos(
        usage.promptTokens(), usage.cachedPromptTokens(), 0, usage.completionTokens());
  }
}
