package io.tollgate.operator.teambudget;

import static io.tollgate.operator.Eventually.await;
import static io.tollgate.operator.teambudget.TeamBudgetFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.OperatorTestCluster;
import io.tollgate.operator.status.StatusFactory;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without a shared usage store there is no total spend: the status says so instead of a 0. */
@EnableKubernetesMockClient(crud = true)
class TeamBudgetWithoutRedisTest {

  static KubernetesClient client;
  static OperatorTestCluster cluster;

  @BeforeAll
  static void startOperator() {
    cluster = new OperatorTestCluster(client, Set.of());
    cluster.start();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
  }

  @Test
  void theStatusSaysSpendIsCountedPerProxyAndLeavesItUnset() {
    TeamBudgetFixtures budgets = new TeamBudgetFixtures(client, "standalone");
    budgets.create("search", "search", "25", "UTC");
    cluster.proxy.serve(
        await(WAIT, cluster::snapshot, s -> s != null && s.team("search") != null).version());

    budgets.condition("search", StatusFactory.READY, "True");
    Condition spend = budgets.condition("search", StatusFactory.SPEND_REPORTED, "False");

    assertThat(spend.getReason()).isEqualTo(StatusFactory.COUNTED_PER_PROXY);
    assertThat(spend.getMessage())
        .contains("counted in each proxy's memory")
        .contains("tollgate.redis.url")
        .contains("TOLLGATE_REDIS_URL");
    TeamBudgetStatus status = budgets.current("search").getStatus();
    assertThat(status.getSpentUsd()).isNull();
    assertThat(status.getRemainingUsd()).isNull();
    assertThat(status.getPeriodId()).isNull();
    assertThat(status.getPeriodStart()).isNull();
  }
}
