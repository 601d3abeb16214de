package io.tollgate.operator.usage;

import java.util.Collection;

/** Reads what the proxies counted for a budget, for its status. Blocks the caller, boundedly. */
public interface BudgetUsageReader extends AutoCloseable {

  /**
   * The budget's counters in one period; {@link PeriodUsage#NONE} when nothing was counted.
   *
   * @param scope the usage scope the proxies count the budget in, e.g. {@code team/search}
   * @param budgetId the budget's name, e.g. {@code team-budget/default/search}
   * @param periodId e.g. {@code 2026-11}
   * @param thresholds the alert thresholds (percent) whose firing to report
   * @throws UsageUnavailableException when the store did not answer in time or failed
   */
  PeriodUsage read(String scope, String budgetId, String periodId, Collection<Integer> thresholds)
      throws UsageUnavailableException;

  /** Where it reads, fit for status messages and logs (no credentials). */
  String address();

  @Override
  void close();
}
