package io.tollgate.governance;

import io.vertx.core.Future;

/**
 * Where meters are counted. Every operation is atomic over all meters of one reservation and never
 * blocks the calling (event-loop) thread.
 */
public interface UsageStore {

  /**
   * Checks every meter and, when all have room, charges them all: one request on request meters,
   * the estimated tokens on token meters, a lease on parallel meters, the estimated cost as a
   * reservation on budget meters. When one refuses, nothing is charged.
   */
  Future<Admission> reserve(Reservation reservation);

  /**
   * Replaces the reservation's estimates by what was really used: corrects token meters in the
   * window the request was admitted in, frees its parallel leases, and moves its budget reservation
   * into spend. Settling a reservation whose leases already expired, or one that was admitted
   * elsewhere (on local counters while the store was down), still adds its spend and tokens:
   * settled usage is never lost. Idempotent per reservation id is not required.
   */
  Future<Settlement> settle(Reservation reservation, Actual actual, long nowMillis);

  /** A budget's usage in a period, for status reports (and tests). */
  Future<BudgetUsage> budgetUsage(String scope, String budgetId, String periodId);
}
