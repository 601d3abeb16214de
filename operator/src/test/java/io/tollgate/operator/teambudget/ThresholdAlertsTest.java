package io.tollgate.operator.teambudget;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.usage.PeriodUsage;
import io.tollgate.operator.usage.UsdAmounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdAlertsTest {

  private static final long LIMIT = 1_000_000_000L;
  private static final PeriodUsage FIRED =
      new PeriodUsage(1_050_000_000L, 0, Map.of(100, 1_000_000_001L, 80, 850_000_000L));

  private static TeamBudgetStatus shown(String periodId, long spentNanos) {
    TeamBudgetStatus status = new TeamBudgetStatus();
    status.setPeriodId(periodId);
    status.setSpentUsd(UsdAmounts.number(spentNanos));
    return status;
  }

  @Test
  void withoutAStatusEveryFiredThresholdIsToldInAscendingOrder() {
    assertThat(ThresholdAlerts.unreported(null, "2026-11", FIRED, LIMIT))
        .containsExactly(
            new ThresholdAlert(80, 850_000_000L, LIMIT, "2026-11"),
            new ThresholdAlert(100, 1_000_000_001L, LIMIT, "2026-11"));
  }

  @Test
  void aStatusThatShowsTheSpendAThresholdFiredAtProvesItWasTold() {
    assertThat(
            ThresholdAlerts.unreported(shown("2026-11", 1_000_000_000L), "2026-11", FIRED, LIMIT))
        .as("one nano-dollar short of the 100 % alert's spend")
        .containsExactly(new ThresholdAlert(100, 1_000_000_001L, LIMIT, "2026-11"));
    assertThat(
            ThresholdAlerts.unreported(shown("2026-11", 1_000_000_001L), "2026-11", FIRED, LIMIT))
        .isEmpty();
  }

  @Test
  void theStatusOfAnotherPeriodProvesNothing() {
    assertThat(
            ThresholdAlerts.unreported(shown("2026-10", 5_000_000_000L), "2026-11", FIRED, LIMIT))
        .hasSize(2);
  }

  @Test
  void nothingFiredNothingToTell() {
    assertThat(ThresholdAlerts.unreported(null, "2026-11", PeriodUsage.NONE, LIMIT)).isEmpty();
  }
}
