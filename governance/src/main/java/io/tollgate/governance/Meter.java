package io.tollgate.governance;

import io.tollgate.config.snapshot.StoreFailurePolicy;

/**
 * One counter a request is held to. A request's meters share one {@link Reservation#scope()}, so a
 * shared store can check and update them all atomically in one round trip.
 */
public sealed interface Meter permits RateMeter, ParallelMeter, BudgetMeter {

  /**
   * Unique within its scope and stable across proxies, e.g. {@code key/default/alice/rpm}; part of
   * the store's key names, so usage can be read back by it.
   */
  String id();

  /** What happens to this meter while the shared store does not answer. */
  StoreFailurePolicy onStoreFailure();
}
