package io.tollgate.governance;

import io.tollgate.config.snapshot.Budget;
import java.util.List;
import java.util.Map;

/**
 * The meters one request is held to, and the budgets behind its budget meters.
 *
 * @param scope see {@link Reservation#scope()}
 * @param budgets by {@link BudgetMeter#id()}: the configuration an alert or refusal names
 * @param validUntilMillis until when the plan holds as it is: the end of the first budget period,
 *     or of the current minute when a limit has time-of-day windows
 */
public record MeterPlan(
    String scope, List<Meter> meters, Map<String, Budget> budgets, long validUntilMillis) {

  public static final MeterPlan NONE = new MeterPlan("", List.of(), Map.of(), Long.MAX_VALUE);

  public MeterPlan {
    meters = List.copyOf(meters);
    budgets = Map.copyOf(budgets);
  }

  public boolean isEmpty() {
    return meters.isEmpty();
  }

  /** Whether some meter of the plan counts money, so the request's cost must be known. */
  public boolean countsSpend() {
    return !budgets.isEmpty();
  }
}
