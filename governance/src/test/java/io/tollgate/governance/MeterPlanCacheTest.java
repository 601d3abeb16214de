package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.BudgetPeriod;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.StoreFailurePolicy;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterPlanCacheTest {

  private static final String SHA = "b".repeat(64);
  private static final long LAST_DAY_OF_NOVEMBER =
      Instant.parse("2026-11-30T23:59:00Z").toEpochMilli();

  private final ClientKey key =
      new ClientKey(
          "default/dana",
          null,
          SHA,
          List.of("*"),
          Set.of("chat"),
          null,
          new KeyGovernance(Limits.NONE, monthlyBudget(), Limits.NONE, null, Map.of()));
  private final Snapshot snapshot =
      new Snapshot(
          1,
          "0".repeat(64),
          Map.of(
              "chat",
              new Route(
                  "chat",
                  "default/chat",
                  List.of(
                      new Backend(
                          "a", Provider.OPENAI, "gpt", URI.create("http://127.0.0.1:1"), "k")))),
          Map.of(SHA, key));

  @Test
  void aPlanIsReusedWithinItsPeriodAndRebuiltWhenTheNextBegins() {
    MeterPlanCache cache = new MeterPlanCache(snapshot);
    MeterPlan first = cache.plan(key, "chat", null, LAST_DAY_OF_NOVEMBER);
    assertThat(cache.plan(key, "chat", null, LAST_DAY_OF_NOVEMBER + 1000)).isSameAs(first);
    assertThat(((BudgetMeter) first.meters().get(0)).periodId()).isEqualTo("2026-11");

    MeterPlan december = cache.plan(key, "chat", null, LAST_DAY_OF_NOVEMBER + 60_000);
    assertThat(december).isNotSameAs(first);
    assertThat(((BudgetMeter) december.meters().get(0)).periodId()).isEqualTo("2026-12");
  }

  @Test
  void plansAreKeptPerUserAndBelongToOneSnapshot() {
    MeterPlanCache cache = new MeterPlanCache(snapshot);
    assertThat(cache.plan(key, "chat", "ann", LAST_DAY_OF_NOVEMBER))
        .isNotSameAs(cache.plan(key, "chat", "bob", LAST_DAY_OF_NOVEMBER));
    assertThat(cache.isFor(snapshot)).isTrue();
    assertThat(cache.isFor(new Snapshot(2, "0".repeat(64), snapshot.routes(), Map.of()))).isFalse();
  }

  private static Budget monthlyBudget() {
    return new Budget(
        "api-key/default/dana",
        1_000_000_000L,
        BudgetPeriod.MONTHLY,
        ZoneId.of("UTC"),
        List.of(100),
        true,
        Set.of(),
        StoreFailurePolicy.FAIL_OPEN,
        null);
  }
}
