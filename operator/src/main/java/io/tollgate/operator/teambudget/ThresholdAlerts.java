package io.tollgate.operator.teambudget;

import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.usage.PeriodUsage;
import io.tollgate.operator.usage.UsdAmounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which fired thresholds still need their Event. The reconciler creates an alert's Event before it
 * writes a status showing the spend the alert fired at, so a status of the same period whose {@code
 * spentUsd} has reached that spend proves the Event was created, by this operator or an earlier
 * one: the status, unlike Events (which the API server forgets after an hour by default), lasts.
 * The Event's deterministic name covers the gap between creating it and writing the status.
 */
final class ThresholdAlerts {

  private ThresholdAlerts() {}

  static List<ThresholdAlert> unreported(
      TeamBudgetStatus previous, String periodId, PeriodUsage usage, long limitNanos) {
    List<ThresholdAlert> out = new ArrayList<>();
    for (Map.Entry<Integer, Long> alert : usage.alerts().entrySet()) {
      long spent = alert.getValue();
      if (!shown(previous, periodId, spent)) {
        out.add(new ThresholdAlert(alert.getKey(), spent, limitNanos, periodId));
      }
    }
    return out;
  }

  private static boolean shown(TeamBudgetStatus previous, String periodId, long spentNanos) {
    // Status values come from the same conversion, which is monotonic: comparing the doubles
    // compares the nano-dollar amounts they were made from.
    return previous != null
        && periodId.equals(previous.getPeriodId())
        && previous.getSpentUsd() != null
        && previous.getSpentUsd() >= UsdAmounts.number(spentNanos);
  }
}
