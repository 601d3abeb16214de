package io.tollgate.operator.usage;

import io.tollgate.operator.snapshot.CountedBudget;
import java.time.ZonedDateTime;

/** What the operator learned about a TeamBudget's spend in one reconcile, for its status. */
public sealed interface SpendReading {

  /** The operator has not compiled a snapshot yet (starting, or not the leader). */
  record Pending() implements SpendReading {}

  /** The published snapshot does not hold the budget (it is invalid): no proxy counts it. */
  record NotCounted() implements SpendReading {}

  /** No shared usage store: each proxy counts spend in its own memory, so there is no total. */
  record CountedPerProxy() implements SpendReading {}

  /**
   * The current period's usage as the shared store holds it.
   *
   * @param counted the budget as published and the scope it is counted in
   * @param address where it was read, without credentials
   */
  record Read(
      CountedBudget counted,
      String periodId,
      ZonedDateTime periodStart,
      ZonedDateTime periodEnd,
      PeriodUsage usage,
      String address)
      implements SpendReading {

    /** The limit minus settled spend, at least 0. */
    public long remainingNanos() {
      return Math.max(0, counted.budget().limitNanos() - usage.spentNanos());
    }
  }

  /** The shared store did not answer; {@code reason} says why, without credentials. */
  record Unavailable(String reason) implements SpendReading {}
}
