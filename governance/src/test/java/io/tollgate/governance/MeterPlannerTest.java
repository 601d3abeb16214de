package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.BudgetPeriod;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.LimitWindow;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.config.snapshot.TokenCounting;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeterPlannerTest {

  private static final Instant WEDNESDAY_NOON = Instant.parse("2026-11-25T12:00:00Z");
  private static final String SHA = "a".repeat(64);

  @Test
  void aKeyWithoutLimitsOrTeamIsHeldToNothing() {
    ClientKey key = new ClientKey("default/plain", null, SHA, List.of("*"), Set.of("chat"));
    assertThat(MeterPlanner.plan(snapshot(key, Map.of()), key, "chat", "ann", WEDNESDAY_NOON))
        .isSameAs(MeterPlan.NONE);
  }

  @Test
  void keyModelUserAndTeamMetersShareTheTeamScope() {
    Limits keyLimits = limits(60L, 1000L, 4);
    KeyGovernance governance =
        new KeyGovernance(
            keyLimits,
            budget("api-key/default/alice", List.of()),
            limits(10L, null, null),
            budget("api-key/default/alice/user", List.of()),
            Map.of("chat", limits(5L, null, null)));
    ClientKey key =
        new ClientKey(
            "default/alice", "search", SHA, List.of("*"), Set.of("chat"), null, governance);
    TeamGovernance team =
        new TeamGovernance(
            "search",
            limits(100L, null, null),
            List.of(
                budget("team-budget/default/search", List.of()),
                budget("team-budget/default/search-other", List.of("other"))));

    MeterPlan plan =
        MeterPlanner.plan(
            snapshot(key, Map.of("search", team)), key, "chat", "ann", WEDNESDAY_NOON);

    assertThat(plan.scope()).isEqualTo("team/search");
    assertThat(plan.meters())
        .extracting(Meter::id)
        .containsExactly(
            "api-key/default/alice:requests-per-minute",
            "api-key/default/alice:tokens-per-minute",
            "api-key/default/alice:parallel-requests",
            "api-key/default/alice/model/chat:requests-per-minute",
            "api-key/default/alice",
            "api-key/default/alice/user/ann:requests-per-minute",
            "api-key/default/alice/user/ann",
            "team/search:requests-per-minute",
            "team-budget/default/search");
    assertThat(plan.budgets())
        .containsOnlyKeys(
            "api-key/default/alice",
            "api-key/default/alice/user/ann",
            "team-budget/default/search");
    BudgetMeter monthly = (BudgetMeter) plan.meters().get(4);
    assertThat(monthly.periodId()).isEqualTo("2026-11");
    assertThat(monthly.periodEndMillis())
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
  }

  @Test
  void withoutAUserThePerUserMetersDoNotApplyAndAKeyWithoutTeamIsItsOwnScope() {
    KeyGovernance governance =
        new KeyGovernance(Limits.NONE, null, limits(10L, null, null), null, Map.of());
    ClientKey key =
        new ClientKey("default/bob", null, SHA, List.of("*"), Set.of("chat"), null, governance);
    assertThat(MeterPlanner.plan(snapshot(key, Map.of()), key, "chat", null, WEDNESDAY_NOON))
        .isSameAs(MeterPlan.NONE);
    MeterPlan withUser =
        MeterPlanner.plan(snapshot(key, Map.of()), key, "chat", "x".repeat(200), WEDNESDAY_NOON);
    assertThat(withUser.scope()).isEqualTo("api-key/default/bob");
    assertThat(withUser.meters().get(0).id())
        .matches("api-key/default/bob/user/sha256-[0-9a-f]{32}:requests-per-minute");
  }

  @Test
  void anActiveTimeWindowReplacesTheBaseLimit() {
    LimitWindow nights =
        new LimitWindow(
            ZoneId.of("Europe/Berlin"),
            Set.of(),
            LocalTime.of(20, 0),
            LocalTime.of(8, 0),
            5L,
            null,
            null);
    Limits limits =
        new Limits(
            60L, null, TokenCounting.TOTAL, null, StoreFailurePolicy.FAIL_OPEN, List.of(nights));
    KeyGovernance governance = new KeyGovernance(limits, null, Limits.NONE, null, Map.of());
    ClientKey key =
        new ClientKey("default/carol", null, SHA, List.of("*"), Set.of("chat"), null, governance);

    RateMeter day =
        (RateMeter)
            MeterPlanner.plan(snapshot(key, Map.of()), key, "chat", null, WEDNESDAY_NOON)
                .meters()
                .get(0);
    RateMeter night =
        (RateMeter)
            MeterPlanner.plan(
                    snapshot(key, Map.of()),
                    key,
                    "chat",
                    null,
                    Instant.parse("2026-11-26T03:00:00Z"))
                .meters()
                .get(0);
    assertThat(day.limit()).isEqualTo(60);
    assertThat(night.limit()).isEqualTo(5);
  }

  @Test
  void periodsAreCalendarAlignedInTheBudgetsTimeZone() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    Instant lateUtc = Instant.parse("2026-11-30T16:00:00Z"); // Dec 1st, 01:00 in Tokyo
    assertThat(BudgetPeriod.MONTHLY.id(lateUtc, tokyo)).isEqualTo("2026-12");
    assertThat(BudgetPeriod.MONTHLY.id(lateUtc, ZoneId.of("UTC"))).isEqualTo("2026-11");
    assertThat(BudgetPeriod.WEEKLY.id(WEDNESDAY_NOON, ZoneId.of("UTC"))).isEqualTo("2026-W48");
    assertThat(BudgetPeriod.WEEKLY.start(WEDNESDAY_NOON, ZoneId.of("UTC")).getDayOfWeek())
        .isEqualTo(DayOfWeek.MONDAY);
    assertThat(BudgetPeriod.DAILY.end(WEDNESDAY_NOON, ZoneId.of("UTC")).toInstant())
        .isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
  }

  private static Limits limits(Long rpm, Long tpm, Integer parallel) {
    return new Limits(
        rpm, tpm, TokenCounting.TOTAL, parallel, StoreFailurePolicy.FAIL_OPEN, List.of());
  }

  private static Budget budget(String name, List<String> models) {
    return new Budget(
        name,
        1_000_000_000L,
        BudgetPeriod.MONTHLY,
        ZoneId.of("UTC"),
        List.of(80, 100),
        true,
        Set.copyOf(models),
        StoreFailurePolicy.FAIL_OPEN,
        null);
  }

  private static Snapshot snapshot(ClientKey key, Map<String, TeamGovernance> teams) {
    Route chat =
        new Route(
            "chat",
            "default/chat",
            List.of(
                new Backend("a", Provider.OPENAI, "gpt", URI.create("http://127.0.0.1:1"), "k")));
    Route other =
        new Route(
            "other",
            "default/other",
            List.of(
                new Backend("a", Provider.OPENAI, "gpt", URI.create("http://127.0.0.1:1"), "k")));
    return new Snapshot(
        1, "0".repeat(64), Map.of("chat", chat, "other", other), Map.of(SHA, key), teams);
  }
}
