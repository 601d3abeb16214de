package io.tollgate.operator.teambudget;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tollgate.crds.TeamBudget;
import io.tollgate.operator.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ThresholdEventsTest {

  /** A DNS subdomain, as the API server wants object names. */
  private static final String DNS_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  static KubernetesClient client;

  private final ThresholdEvents events =
      new ThresholdEvents(client, new MutableClock(Instant.parse("2026-11-25T10:15:30.5Z")));

  private TeamBudget budget(String namespace, String name) {
    return new TeamBudgetFixtures(client, namespace).create(name, "search", "500", "UTC");
  }

  @Test
  void theSecondCreateOfAnAlertsEventFindsItAndCreatesNothing() {
    TeamBudget budget = budget("events-once", "search");
    ThresholdAlert alert = new ThresholdAlert(80, 400_020_000_000L, 500_000_000_000L, "2026-W48");

    assertThat(events.emit(budget, alert)).isTrue();
    assertThat(events.emit(budget, alert)).isFalse();

    List<Event> all = client.v1().events().inNamespace("events-once").list().getItems();
    assertThat(all)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMetadata().getName()).isEqualTo("search.2026-w48.80");
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getReason()).isEqualTo(ThresholdEvents.REASON);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Spend reached 80% of the limit in period 2026-W48: 400.02 USD of 500 USD (team"
                          + " search)");
              assertThat(e.getSource().getComponent()).isEqualTo(ThresholdEvents.COMPONENT);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-25T10:15:30Z");
              assertThat(e.getCount()).isEqualTo(1);
              assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("tollgate.io/v1alpha1");
              assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("events-once");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("search");
            });
  }

  @Test
  void reachingTheLimitIsAWarning() {
    TeamBudget budget = budget("events-warning", "search");

    events.emit(budget, new ThresholdAlert(100, 500_000_000_000L, 500_000_000_000L, "2026-11"));
    events.emit(budget, new ThresholdAlert(150, 750_000_000_000L, 500_000_000_000L, "2026-11"));

    assertThat(client.v1().events().inNamespace("events-warning").list().getItems())
        .extracting(Event::getType)
        .containsExactly("Warning", "Warning");
  }

  @Test
  void namesAreValidAndDistinctEvenForTheLongestBudgetNames() {
    String longest = "b".repeat(120) + "." + "c".repeat(132);
    String twin = "b".repeat(120) + "." + "c".repeat(131) + "d";

    String name = ThresholdEvents.name(longest, "2026-W48", 100);

    assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN).endsWith(".2026-w48.100");
    assertThat(ThresholdEvents.name(twin, "2026-W48", 100)).isNotEqualTo(name);
    assertThat(ThresholdEvents.name("search", "2026-11-25", 80)).isEqualTo("search.2026-11-25.80");
  }
}
