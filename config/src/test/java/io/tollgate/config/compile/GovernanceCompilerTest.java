package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.BudgetPeriod;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.LimitWindow;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.config.snapshot.TokenCounting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code examples/governance.yaml} and checks the limits, budgets and prices it yields.
 */
class GovernanceCompilerTest {

  static final Path EXAMPLE = Path.of("examples/governance.yaml");

  static Snapshot compileExample() {
    Compilation compilation = StandaloneSnapshots.compile(EXAMPLE, 1);
    assertThat(compilation.errors()).isEmpty();
    return compilation.snapshot();
  }

  private static KeyGovernance supportBot(Snapshot snapshot) {
    ClientKey key = snapshot.keyBySha256(KeyHashes.sha256Hex("tg-support-bot-replace-me"));
    assertThat(key.name()).isEqualTo("default/support-bot");
    return key.governance();
  }

  @Test
  void keyLimitsKeepTheirValuesAndDefaults() {
    Limits limits = supportBot(compileExample()).limits();

    assertThat(limits)
        .isEqualTo(
            new Limits(
                60L,
                100_000L,
                TokenCounting.TOTAL,
                8,
                StoreFailurePolicy.FAIL_OPEN,
                List.of(
                    new LimitWindow(
                        ZoneId.of("Europe/Berlin"),
                        Set.of(),
                        LocalTime.of(22, 0),
                        LocalTime.of(6, 0),
                        10L,
                        null,
                        null))));
  }

  @Test
  void keyBudgetsAreNamedAfterTheKeyInExactNanoDollars() {
    KeyGovernance governance = supportBot(compileExample());

    assertThat(governance.budget())
        .isEqualTo(
            new Budget(
                "api-key/default/support-bot",
                25_000_000_000L,
                BudgetPeriod.MONTHLY,
                ZoneId.of("UTC"),
                List.of(80, 100),
                true,
                Set.of(),
                StoreFailurePolicy.FAIL_OPEN,
                null));
    assertThat(governance.perUserBudget().name()).isEqualTo("api-key/default/support-bot/user");
    assertThat(governance.perUserBudget().limitNanos()).isEqualTo(500_000_000L);
    assertThat(governance.perUserBudget().period()).isEqualTo(BudgetPeriod.DAILY);
    assertThat(governance.perUserLimits().requestsPerMinute()).isEqualTo(10L);
  }

  @Test
  void modelLimitsArePrecomputedForEveryAllowedModelTheyMatch() {
    KeyGovernance governance = supportBot(compileExample());

    assertThat(governance.perModelLimits()).containsOnlyKeys("gpt-4o", "claude-sonnet");
    Limits gpt4o = governance.perModelLimits().get("gpt-4o");
    assertThat(gpt4o.requestsPerMinute()).isEqualTo(20L);
    assertThat(gpt4o.tokensPerMinute()).isEqualTo(40_000L);
    assertThat(gpt4o.tokenCounting()).isEqualTo(TokenCounting.OUTPUT);
    assertThat(governance.perModelLimits().get("claude-sonnet")).isEqualTo(gpt4o);
  }

  @Test
  void teamBudgetsShareTheTeamsLimitsAndAreSortedByResource() {
    TeamGovernance search = compileExample().team("search");

    assertThat(search.limits().requestsPerMinute()).isEqualTo(600L);
    assertThat(search.limits().maxParallelRequests()).isEqualTo(50);
    assertThat(search.budgets())
        .extracting(Budget::name)
        .containsExactly("team-budget/default/search", "team-budget/default/search-claude");
    Budget monthly = search.budgets().get(0);
    assertThat(monthly.limitNanos()).isEqualTo(500_000_000_000L);
    assertThat(monthly.alertThresholds()).containsExactly(50, 80, 100);
    assertThat(monthly.alertWebhookUrl())
        .isEqualTo("https://hooks.slack.com/services/T00000000/B00000000/replace-me");
    assertThat(monthly.models()).isEmpty();
    Budget claude = search.budgets().get(1);
    assertThat(claude.models()).containsExactly("claude-sonnet");
    assertThat(claude.hard()).isFalse();
    assertThat(claude.period()).isEqualTo(BudgetPeriod.WEEKLY);
    assertThat(claude.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(claude.covers("claude-sonnet")).isTrue();
    assertThat(claude.covers("gpt-4o")).isFalse();
  }

  @Test
  void backendsArePricedFromTheCatalogWithTheRoutesOverridesOnTop() {
    Snapshot snapshot = compileExample();

    assertThat(snapshot.route("gpt-4o-mini").backends().get(0).pricing())
        .isEqualTo(new Pricing(0.15, 0.60, 0.075, 0.15));
    assertThat(snapshot.route("gpt-4o").backends().get(0).pricing())
        .as("only the input price is overridden")
        .isEqualTo(new Pricing(2.25, 10.00, 1.25, 2.50));
    assertThat(snapshot.route("claude-sonnet").backends().get(0).pricing())
        .isEqualTo(new Pricing(3.00, 15.00, 0.30, 3.75));
    assertThat(snapshot.route("llama-3-70b").backends().get(0).pricing())
        .isEqualTo(new Pricing(0.20, 0.20, 0.20, 0.20));
  }

  @Test
  void backendWithoutPricingOrCatalogEntryStaysUnpriced(@TempDir Path temp) throws IOException {
    Path file =
        Files.writeString(
            temp.resolve("route.yaml"),
            """
            apiVersion: tollgate.io/v1alpha1
            kind: ModelRoute
            metadata: {name: local}
            spec:
              backends:
                - {name: vllm, provider: openai-compatible, model: gpt-4o-mini, baseUrl: "http://vllm:8000/v1"}
            """);

    Compilation compilation = StandaloneSnapshots.compile(file, 1);

    assertThat(compilation.errors()).isEmpty();
    assertThat(compilation.snapshot().route("local").backends().get(0).pricing())
        .as("an openai-compatible server is not priced like OpenAI")
        .isNull();
  }

  @Test
  void checksumCoversGovernanceButASnapshotWithoutItKeepsItsText() throws IOException {
    Snapshot snapshot = compileExample();
    String text =
        SnapshotChecksum.canonicalText(
            snapshot.routes().values(),
            snapshot.keysBySha256().values(),
            snapshot.teams().values());

    assertThat(text)
        .contains(" budget 27:api-key/default/support-bot 11:25000000000 7:MONTHLY 3:UTC")
        .contains("team 6:search")
        .doesNotContain("hooks.slack.com");
    assertThat(SnapshotChecksum.of(snapshot)).isEqualTo(snapshot.checksum());
    assertThat(SnapshotChecksum.canonicalText(snapshot.routes().values(), List.of(), List.of()))
        .doesNotContain("budget", "limits", "team");
  }

  @Test
  void checksumChangesWithABudgetLimit(@TempDir Path temp) throws IOException {
    Path changed =
        Files.writeString(
            temp.resolve("governance.yaml"),
            Files.readString(EXAMPLE).replace("limitUsd: 500", "limitUsd: 500.01"));

    Compilation compilation = StandaloneSnapshots.compile(changed, 1);

    assertThat(compilation.errors()).isEmpty();
    assertThat(compilation.snapshot().checksum()).isNotEqualTo(compileExample().checksum());
    assertThat(compilation.snapshot().team("search").budgets().get(0).limitNanos())
        .isEqualTo(500_010_000_000L);
  }

  @Test
  void snapshotNeverPrintsTheWebhookUrl() {
    assertThat(compileExample().toString()).doesNotContain("hooks.slack.com");
  }
}
