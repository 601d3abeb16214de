package io.tollgate.operator.teambudget;

import static io.tollgate.operator.Eventually.await;
import static io.tollgate.operator.teambudget.TeamBudgetFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tollgate.config.snapshot.BudgetPeriod;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.crds.TeamBudget;
import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.governance.RedisServer;
import io.tollgate.operator.OperatorTestCluster;
import io.tollgate.operator.status.StatusFactory;
import io.tollgate.operator.usage.RedisSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TeamBudget status and alert Events from the spend proxies count in a real Redis, with the
 * operator reading it every 100 ms against the test API server. The clock is the suite's and only
 * moves forward; each test takes its periods from it.
 */
@EnableKubernetesMockClient(crud = true)
class TeamBudgetSpendTest {

  private static final Duration READ_INTERVAL = Duration.ofMillis(100);

  /** Several read intervals: long enough for a wrong write or a duplicate Event to show up. */
  private static final Duration SEVERAL_READS = READ_INTERVAL.multipliedBy(6);

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;
  static RedisServer redis;
  static ProxySpending proxies;
  static OperatorTestCluster cluster;

  private String namespace;
  private String team;
  private TeamBudgetFixtures budgets;

  @BeforeAll
  static void startRedisAndOperator() {
    redis = RedisServer.start();
    proxies = new ProxySpending(redis);
    cluster =
        new OperatorTestCluster(
            client, Set.of(), s -> s.withRedis(RedisSettings.at(redis.url()), READ_INTERVAL));
    cluster.start();
  }

  @AfterAll
  static void stopAll() {
    cluster.close();
    proxies.close();
    redis.close();
  }

  @BeforeEach
  void freshNamespaceAndTeam() {
    int n = NAMESPACES.incrementAndGet();
    namespace = "budgets-" + n;
    team = "team-" + n;
    budgets = new TeamBudgetFixtures(client, namespace);
  }

  /** The published snapshot once it counts the team's budgets, served by the proxy. */
  private Snapshot servedWithTeam() {
    Snapshot snapshot = await(WAIT, cluster::snapshot, s -> s != null && s.team(team) != null);
    cluster.proxy.serve(snapshot.version());
    return snapshot;
  }

  private Instant now() {
    return cluster.clock.instant();
  }

  @Test
  void spendAProxySettledShowsInStatusForThePeriodOfTheBudgetsTimeZone() {
    budgets.create("search", team, "25", "America/New_York");
    Snapshot snapshot = servedWithTeam();
    ZoneId zone = ZoneId.of("America/New_York");
    String period = BudgetPeriod.MONTHLY.id(now(), zone);

    TeamBudgetStatus empty = budgets.status("search", s -> s.getSpentUsd() != null);
    assertThat(empty.getSpentUsd()).isEqualTo(0.0);
    assertThat(empty.getRemainingUsd()).isEqualTo(25.0);
    assertThat(empty.getPeriodId()).isEqualTo(period);
    assertThat(empty.getPeriodStart())
        .isEqualTo(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(BudgetPeriod.MONTHLY.start(now(), zone)));

    proxies.spend(snapshot, team, 1_250_000_000L, now());
    proxies.spend(snapshot, team, 2_000_000_000L, now());

    TeamBudgetStatus spent = budgets.status("search", s -> s.getSpentUsd() == 3.25);
    assertThat(spent.getRemainingUsd()).isEqualTo(21.75);
    assertThat(spent.getPeriodId()).isEqualTo(period);
    Condition reported = TeamBudgetFixtures.condition(spent, StatusFactory.SPEND_REPORTED);
    assertThat(reported.getStatus()).isEqualTo("True");
    assertThat(reported.getReason()).isEqualTo(StatusFactory.READ);
    assertThat(reported.getMessage()).contains(period).contains(redis.url());
    assertThat(budgets.condition("search", StatusFactory.READY, "True").getReason())
        .isEqualTo(StatusFactory.LOADED);
  }

  @Test
  void periodStartIsRfc3339WithSecondsAndTheZonesOffset() {
    budgets.create("tokyo", team, "10", "Asia/Tokyo");
    servedWithTeam();

    TeamBudgetStatus status = budgets.status("tokyo", s -> s.getPeriodStart() != null);

    assertThat(status.getPeriodStart()).matches("\\d{4}-\\d{2}-01T00:00:00\\+09:00");
  }

  @Test
  void readingTheSameSpendAgainWritesNothing() throws InterruptedException {
    budgets.create("steady", team, "5", "UTC");
    Snapshot snapshot = servedWithTeam();
    proxies.spend(snapshot, team, 500_000_000L, now());
    budgets.status("steady", s -> s.getSpentUsd() == 0.5);
    budgets.condition("steady", StatusFactory.READY, "True");
    TeamBudget settled = budgets.current("steady");

    Thread.sleep(SEVERAL_READS.toMillis());

    TeamBudget later = budgets.current("steady");
    assertThat(later.getMetadata().getResourceVersion())
        .as("no status write without a change")
        .isEqualTo(settled.getMetadata().getResourceVersion());
    assertThat(later.getStatus()).isEqualTo(settled.getStatus());
  }

  @Test
  void aNewPeriodStartsAtZeroWithItsOwnId() {
    budgets.create("monthly", team, "10", "UTC");
    Snapshot snapshot = servedWithTeam();
    proxies.spend(snapshot, team, 4_000_000_000L, now());
    String first = BudgetPeriod.MONTHLY.id(now(), ZoneOffset.UTC);
    TeamBudgetStatus before = budgets.status("monthly", s -> s.getSpentUsd() == 4.0);
    assertThat(before.getPeriodId()).isEqualTo(first);
    String readySince =
        budgets.condition("monthly", StatusFactory.READY, "True").getLastTransitionTime();

    Instant next = BudgetPeriod.MONTHLY.end(now(), ZoneOffset.UTC).toInstant();
    cluster.clock.advance(Duration.between(now(), next));

    String second = BudgetPeriod.MONTHLY.id(now(), ZoneOffset.UTC);
    TeamBudgetStatus after = budgets.status("monthly", s -> second.equals(s.getPeriodId()));
    assertThat(second).isNotEqualTo(first);
    assertThat(after.getSpentUsd()).isEqualTo(0.0);
    assertThat(after.getRemainingUsd()).isEqualTo(10.0);
    assertThat(after.getPeriodStart()).isEqualTo(next.toString());
    assertThat(TeamBudgetFixtures.condition(after, StatusFactory.READY).getLastTransitionTime())
        .as("a new period is no transition of Ready")
        .isEqualTo(readySince);

    proxies.spend(snapshot, team, 1_000_000_000L, now());
    assertThat(budgets.status("monthly", s -> s.getSpentUsd() == 1.0).getPeriodId())
        .isEqualTo(second);
  }

  @Test
  void eachCrossedThresholdBecomesExactlyOneEvent() throws InterruptedException {
    TeamBudget budget = budgets.create("alerts", team, "1", "UTC");
    Snapshot snapshot = servedWithTeam();
    String period = BudgetPeriod.MONTHLY.id(now(), ZoneOffset.UTC);

    assertThat(proxies.spend(snapshot, team, 850_000_000L, now()).crossed()).hasSize(1);
    budgets.status("alerts", s -> s.getSpentUsd() == 0.85);

    Event eighty = await(WAIT, budgets::events, e -> e.size() == 1).get(0);
    assertThat(eighty.getMetadata().getName()).isEqualTo("alerts." + period.toLowerCase() + ".80");
    assertThat(eighty.getType()).isEqualTo("Normal");
    assertThat(eighty.getReason()).isEqualTo("BudgetThresholdCrossed");
    assertThat(eighty.getMessage())
        .contains("80%")
        .contains("0.85 USD of 1 USD")
        .contains(period)
        .contains(team);
    assertThat(eighty.getInvolvedObject().getKind()).isEqualTo("TeamBudget");
    assertThat(eighty.getInvolvedObject().getUid()).isEqualTo(budget.getMetadata().getUid());
    Thread.sleep(SEVERAL_READS.toMillis());
    assertThat(budgets.events()).as("read again, told once").hasSize(1);

    proxies.spend(snapshot, team, 200_000_000L, now());

    List<Event> both = await(WAIT, budgets::events, e -> e.size() == 2);
    Event hundred =
        both.stream().max(Comparator.comparing(e -> e.getMetadata().getName().length())).get();
    assertThat(hundred.getMetadata().getName()).endsWith(".100");
    assertThat(hundred.getType()).isEqualTo("Warning");
    assertThat(hundred.getMessage()).contains("100%").contains("1.05 USD of 1 USD");
    budgets.status("alerts", s -> s.getSpentUsd() == 1.05);
    Thread.sleep(SEVERAL_READS.toMillis());
    assertThat(budgets.events()).hasSize(2);
  }

  @Test
  void restartedOperatorsTellNoAlertTwice() throws InterruptedException {
    budgets.create("restarts", team, "1", "UTC");
    Snapshot snapshot = servedWithTeam();
    proxies.spend(snapshot, team, 1_100_000_000L, now());
    budgets.status("restarts", s -> s.getSpentUsd() == 1.1);
    await(WAIT, budgets::events, e -> e.size() == 2);
    String reportedSince =
        budgets.condition("restarts", StatusFactory.SPEND_REPORTED, "True").getLastTransitionTime();

    cluster.clock.advance(Duration.ofMinutes(1));
    cluster.stopOperator();
    cluster.start();
    budgets.condition("restarts", StatusFactory.SPEND_REPORTED, "True");
    Thread.sleep(SEVERAL_READS.toMillis());
    assertThat(budgets.events()).as("a new operator reads the status it left").hasSize(2);
    assertThat(
            TeamBudgetFixtures.condition(
                    budgets.current("restarts").getStatus(), StatusFactory.SPEND_REPORTED)
                .getLastTransitionTime())
        .as("a restart is no transition of SpendReported")
        .isEqualTo(reportedSince);

    // An operator that stopped after creating the Events and before writing the status.
    cluster.stopOperator();
    TeamBudget lost = budgets.current("restarts");
    lost.getStatus().setSpentUsd(null);
    lost.getStatus().setRemainingUsd(null);
    lost.getStatus().setPeriodId(null);
    lost.getStatus().setPeriodStart(null);
    client.resource(lost).updateStatus();
    cluster.start();

    budgets.status("restarts", s -> s.getSpentUsd() != null && s.getSpentUsd() == 1.1);
    Thread.sleep(SEVERAL_READS.toMillis());
    assertThat(budgets.events()).as("the Events' names are taken").hasSize(2);
  }

  @Test
  void anAlertFiredJustBeforeThePeriodEndedIsStillTold() {
    budgets.create("late", team, "1", "UTC");
    Snapshot snapshot = servedWithTeam();
    String ended = BudgetPeriod.MONTHLY.id(now(), ZoneOffset.UTC);
    budgets.status("late", s -> ended.equals(s.getPeriodId()));

    cluster.stopOperator();
    proxies.spend(snapshot, team, 900_000_000L, now());
    Instant next = BudgetPeriod.MONTHLY.end(now(), ZoneOffset.UTC).toInstant();
    cluster.clock.advance(Duration.between(now(), next));
    cluster.start();

    String current = BudgetPeriod.MONTHLY.id(now(), ZoneOffset.UTC);
    TeamBudgetStatus status = budgets.status("late", s -> current.equals(s.getPeriodId()));
    assertThat(status.getSpentUsd()).isEqualTo(0.0);
    Event told = await(WAIT, budgets::events, e -> e.size() == 1).get(0);
    assertThat(told.getMetadata().getName()).isEqualTo("late." + ended.toLowerCase() + ".80");
    assertThat(told.getMessage()).contains("period " + ended);
  }

  @Test
  void withRedisDownTheBudgetStaysReadyAndKeepsTheLastSpend() {
    budgets.create("outage", team, "10", "UTC");
    Snapshot snapshot = servedWithTeam();
    proxies.spend(snapshot, team, 3_000_000_000L, now());
    budgets.status("outage", s -> s.getSpentUsd() == 3.0);
    String readySince =
        budgets.condition("outage", StatusFactory.READY, "True").getLastTransitionTime();

    redis.stop();
    try {
      Condition unavailable = budgets.condition("outage", StatusFactory.SPEND_REPORTED, "False");
      assertThat(unavailable.getReason()).isEqualTo(StatusFactory.USAGE_UNAVAILABLE);
      assertThat(unavailable.getMessage())
          .contains("Redis at " + redis.url())
          .contains("show the last values read");
      TeamBudgetStatus during = budgets.current("outage").getStatus();
      assertThat(during.getSpentUsd()).isEqualTo(3.0);
      assertThat(during.getRemainingUsd()).isEqualTo(7.0);
      Condition ready = TeamBudgetFixtures.condition(during, StatusFactory.READY);
      assertThat(ready.getStatus()).isEqualTo("True");
      assertThat(ready.getLastTransitionTime()).isEqualTo(readySince);
    } finally {
      redis.startAgain();
    }

    // The server came back empty, as a Redis without persistence does.
    budgets.condition("outage", StatusFactory.SPEND_REPORTED, "True");
    assertThat(budgets.status("outage", s -> s.getSpentUsd() == 0.0).getRemainingUsd())
        .isEqualTo(10.0);
  }
}
