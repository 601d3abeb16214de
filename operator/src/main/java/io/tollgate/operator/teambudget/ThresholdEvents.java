package io.tollgate.operator.teambudget;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.crds.TeamBudget;
import io.tollgate.operator.usage.UsdAmounts;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Tells a fired budget threshold as a Kubernetes Event (core v1) on the TeamBudget, so {@code
 * kubectl describe teambudget} and event-based alerting see it. The Event's name is derived from
 * the budget, period and threshold, so however many operators or restarts try, the API server keeps
 * one: a create that finds it there is done.
 */
final class ThresholdEvents {

  static final String REASON = "BudgetThresholdCrossed";
  static final String COMPONENT = "tollgate-operator";

  /** The longest object name the API server takes (a DNS subdomain). */
  private static final int MAX_NAME_LENGTH = 253;

  private final KubernetesClient client;
  private final Clock clock;

  ThresholdEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Creates the alert's Event; false when it existed already. */
  boolean emit(TeamBudget budget, ThresholdAlert alert) {
    String namespace = budget.getMetadata().getNamespace();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name(budget.getMetadata().getName(), alert.periodId(), alert.percent()))
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(budget.getApiVersion())
            .withKind(budget.getKind())
            .withNamespace(namespace)
            .withName(budget.getMetadata().getName())
            .withUid(budget.getMetadata().getUid())
            .endInvolvedObject()
            .withType(alert.percent() >= 100 ? "Warning" : "Normal")
            .withReason(REASON)
            .withMessage(message(budget, alert))
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  static String message(TeamBudget budget, ThresholdAlert alert) {
    String team = budget.getSpec() == null ? null : budget.getSpec().getTeam();
    return "Spend reached "
        + alert.percent()
        + "% of the limit in period "
        + alert.periodId()
        + ": "
        + UsdAmounts.text(alert.spentNanos())
        + " USD of "
        + UsdAmounts.text(alert.limitNanos())
        + " USD"
        + (team == null ? "" : " (team " + team + ")");
  }

  /**
   * {@code <budget>.<period>.<percent>}, lower case, e.g. {@code search.2026-w48.80}; a budget name
   * too long to fit is cut and made unique again with a hash of it.
   */
  static String name(String budgetName, String periodId, int percent) {
    String suffix =
        "." + periodId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "." + percent;
    String base = budgetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    if (base.length() + suffix.length() > MAX_NAME_LENGTH) {
      String hash = KeyHashes.sha256Hex(budgetName).substring(0, 10);
      base =
          base.substring(0, MAX_NAME_LENGTH - suffix.length() - hash.length() - 1)
                  .replaceAll("[.-]+$", "")
              + "-"
              + hash;
    }
    return base + suffix;
  }
}
