package io.tollgate.operator.teambudget;

import static io.tollgate.operator.Eventually.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.crds.TeamBudget;
import io.tollgate.crds.TeamBudgetSpec;
import io.tollgate.crds.TeamBudgetStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** TeamBudgets in one namespace of the test API server, and what the operator made of them. */
final class TeamBudgetFixtures {

  static final Duration WAIT = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final String namespace;

  TeamBudgetFixtures(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** A soft budget of {@code team} (spend goes on past the limit, as tests need). */
  TeamBudget create(String name, String team, String limitUsd, String timeZone) {
    TeamBudget budget = new TeamBudget();
    budget.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    TeamBudgetSpec spec = new TeamBudgetSpec();
    spec.setTeam(team);
    spec.setLimitUsd(new BigDecimal(limitUsd));
    spec.setTimeZone(timeZone);
    spec.setEnforcement("soft");
    budget.setSpec(spec);
    return client.resource(budget).create();
  }

  TeamBudget current(String name) {
    return client.resources(TeamBudget.class).inNamespace(namespace).withName(name).get();
  }

  TeamBudgetStatus status(String name, Predicate<TeamBudgetStatus> ok) {
    return await(WAIT, () -> current(name).getStatus(), s -> s != null && ok.test(s));
  }

  /** Waits for the condition {@code type} to have {@code status} and returns it. */
  Condition condition(String name, String type, String status) {
    return await(
        WAIT,
        () -> condition(current(name).getStatus(), type),
        c -> c != null && c.getStatus().equals(status));
  }

  static Condition condition(TeamBudgetStatus status, String type) {
    return status == null
        ? null
        : status.getConditions().stream()
            .filter(c -> c.getType().equals(type))
            .findFirst()
            .orElse(null);
  }

  List<Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }
}
