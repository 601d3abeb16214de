package io.tollgate.operator.teambudget;

import io.tollgate.config.snapshot.Budget;
import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.snapshot.CountedBudget;
import io.tollgate.operator.snapshot.Publication;
import io.tollgate.operator.usage.BudgetUsageReader;
import io.tollgate.operator.usage.PeriodUsage;
import io.tollgate.operator.usage.SpendReading;
import io.tollgate.operator.usage.UsageUnavailableException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TeamBudget's spend where the proxies count it: the current period of the budget as
 * published (its period and time zone), in its team's usage scope.
 */
final class TeamBudgetSpend {

  /** Null when the proxies count in memory. */
  private final BudgetUsageReader reader;

  TeamBudgetSpend(BudgetUsageReader reader) {
    this.reader = reader;
  }

  /** Whether there is a shared store to read, and so a reason to read again periodically. */
  boolean shared() {
    return reader != null;
  }

  /**
   * What to report about the spend of the TeamBudget {@code key} at {@code now}.
   *
   * @param publication the last publication, or null before the first
   */
  SpendReading read(Publication publication, String key, Instant now) {
    if (reader == null) {
      return new SpendReading.CountedPerProxy();
    }
    if (publication == null) {
      return new SpendReading.Pending();
    }
    CountedBudget counted = publication.budget(key);
    if (counted == null) {
      return new SpendReading.NotCounted();
    }
    Budget budget = counted.budget();
    ZonedDateTime start = budget.period().start(now, budget.timeZone());
    String periodId = budget.period().id(now, budget.timeZone());
    try {
      PeriodUsage usage =
          reader.read(counted.scope(), budget.name(), periodId, budget.alertThresholds());
      return new SpendReading.Read(
          counted,
          periodId,
          start,
          budget.period().end(now, budget.timeZone()),
          usage,
          reader.address());
    } catch (UsageUnavailableException e) {
      return new SpendReading.Unavailable(e.getMessage());
    }
  }

  /**
   * The thresholds that fired and that {@code previous} does not show told yet: in the current
   * period, and in the period that just ended when {@code previous} still shows that one (an alert
   * fired in its last seconds would otherwise never be told).
   */
  List<ThresholdAlert> unreportedAlerts(SpendReading.Read read, TeamBudgetStatus previous)
      throws UsageUnavailableException {
    Budget budget = read.counted().budget();
    List<ThresholdAlert> out = new ArrayList<>();
    String ended =
        budget.period().id(read.periodStart().toInstant().minusNanos(1), budget.timeZone());
    if (previous != null && ended.equals(previous.getPeriodId())) {
      PeriodUsage last =
          reader.read(read.counted().scope(), budget.name(), ended, budget.alertThresholds());
      out.addAll(ThresholdAlerts.unreported(previous, ended, last, budget.limitNanos()));
    }
    out.addAll(
        ThresholdAlerts.unreported(previous, read.periodId(), read.usage(), budget.limitNanos()));
    return out;
  }
}
