package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryUsageStoreTest extends UsageStoreContract {

  private final InMemoryUsageStore store = new InMemoryUsageStore();

  @Override
  UsageStore store() {
    return store;
  }

  @Test
  void aPeriodLongOverIsForgottenWhenANewOneBegins() {
    BudgetMeter january = budget(1000, true, List.of());
    Reservation spent = reservation("jan", T0, 400, january);
    reserve(spent);
    settle(spent, new Actual(1, 1, 400), T0 + 1);

    long muchLater = PERIOD_END + Meters.BUDGET_RETENTION_MILLIS + 1;
    BudgetMeter later =
        new BudgetMeter(january.id(), 1000, "2027-03", muchLater + 1_000, true, List.of(), open());
    reserve("mar", muchLater, 100, later);

    assertThat(usage(january)).isEqualTo(new BudgetUsage(0, 0));
    assertThat(usage(later)).isEqualTo(new BudgetUsage(0, 100));
  }

  @Test
  void aPeriodStillReportableIsKept() {
    BudgetMeter january = budget(1000, true, List.of());
    Reservation spent = reservation("jan", T0, 400, january);
    reserve(spent);
    settle(spent, new Actual(1, 1, 400), T0 + 1);

    BudgetMeter february =
        new BudgetMeter(january.id(), 1000, "2027-02", PERIOD_END + 1_000, true, List.of(), open());
    reserve("feb", PERIOD_END + 1, 100, february);

    assertThat(usage(january)).isEqualTo(new BudgetUsage(400, 0));
  }
}
