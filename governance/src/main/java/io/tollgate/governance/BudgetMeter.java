package io.tollgate.governance;

import io.tollgate.config.snapshot.StoreFailurePolicy;
import java.util.List;

/**
 * Spend in one calendar period, in nano-USD. A request is admitted while settled spend plus
 * outstanding reservations are below the limit, so the request that crosses the limit is the last
 * admitted and spend ends at most one request's reserved cost over it. Soft budgets ({@code hard}
 * false) never refuse; they only alert.
 *
 * @param id the budget's name, e.g. {@code team-budget/default/search}
 * @param periodId e.g. {@code 2026-11}; usage is kept per period
 * @param periodEndMillis when the period ends: the Retry-After of a refusal, and when its usage may
 *     be forgotten (stores keep it for a while longer so it can be reported)
 * @param alertThresholds percentages, ascending; each fires once per period
 */
public record BudgetMeter(
    String id,
    long limitNanos,
    String periodId,
    long periodEndMillis,
    boolean hard,
    List<Integer> alertThresholds,
    StoreFailurePolicy onStoreFailure)
    implements Meter {

  public BudgetMeter {
    alertThresholds = List.copyOf(alertThresholds);
  }
}
