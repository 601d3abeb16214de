package io.tollgate.proxy.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.governance.CrossedThreshold;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.observe.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Tells people a budget crossed an alert threshold: a structured event on the {@code
 * tollgate.alert} logger, the {@code tollgate_budget_alerts_total} metric, and a POST of
 * Slack-compatible JSON ({@code {"text": ...}} plus the details) to the budget's webhook. The store
 * reports each threshold once per period across all proxies, so each fires once.
 */
@Singleton
public class BudgetAlerts {

  private static final Logger LOG = Logger.getLogger("tollgate.alert");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WEBHOOK_ATTEMPTS = 3;

  private final GatewayMetrics metrics;
  private final Vertx vertx;
  private final HttpClient webhooks;
  private final SnapshotHolder snapshots;

  public BudgetAlerts(GatewayMetrics metrics, Vertx vertx, SnapshotHolder snapshots) {
    this.metrics = metrics;
    this.snapshots = snapshots;
    this.vertx = vertx;
    this.webhooks =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(10).setMaxPoolSize(4));
  }

  /**
   * A threshold crossed when a settlement queued during a Redis outage reached Redis: no request is
   * at hand, so the budget (for its webhook) is looked up in the snapshot in service.
   */
  public void fireReplayed(CrossedThreshold crossed) {
    ServingSnapshot serving = snapshots.current();
    fire(crossed, serving == null ? null : find(serving.snapshot(), crossed.meter().id()), null);
  }

  /**
   * @param budget the budget's configuration, for its webhook; null when unknown
   * @param exchange the request whose settlement crossed it, or null
   */
  public void fire(CrossedThreshold crossed, Budget budget, Exchange exchange) {
    ObjectNode event = JSON.createObjectNode();
    event.put("event", "budget_threshold_crossed");
    event.put("budget", crossed.meter().id());
    event.put("threshold_percent", crossed.percent());
    event.put("period", crossed.meter().periodId());
    event.put("spent_usd", Dollars.format(crossed.spentNanos()));
    event.put("limit_usd", Dollars.format(crossed.meter().limitNanos()));
    event.put("enforcement", crossed.meter().hard() ? "hard" : "soft");
    if (exchange != null && exchange.key != null) {
      event.put("key", exchange.key.name());
      if (exchange.key.team() != null) {
        event.put("team", exchange.key.team());
      }
    }
    if (exchange != null) {
      event.put("request_id", exchange.requestId);
    }
    LOG.warn(event.toString());
    metrics.budgetAlert(crossed.meter().id(), crossed.percent());
    if (budget != null && budget.alertWebhookUrl() != null) {
      ObjectNode body = event.deepCopy();
      body.put("text", text(crossed));
      post(budget.alertWebhookUrl(), Buffer.buffer(body.toString()), 1);
    }
  }

  static String text(CrossedThreshold crossed) {
    return "Tollgate: budget "
        + crossed.meter().id()
        + " crossed "
        + crossed.percent()
        + "% for "
        + crossed.meter().periodId()
        + ": $"
        + Dollars.format(crossed.spentNanos())
        + " of $"
        + Dollars.format(crossed.meter().limitNanos())
        + (crossed.meter().hard() && crossed.percent() >= 100
            ? ". Requests are now refused until the period ends."
            : ".");
  }

  private void post(String url, Buffer body, int attempt) {
    webhooks
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("content-type", "application/json"))
        .compose(request -> request.send(body))
        .onComplete(
            result -> {
              int status = result.succeeded() ? result.result().statusCode() : 0;
              if (status >= 200 && status < 300) {
                return;
              }
              String why = result.succeeded() ? "status " + status : result.cause().getMessage();
              if (attempt < WEBHOOK_ATTEMPTS) {
                vertx.setTimer(1000L << (attempt - 1), id -> post(url, body, attempt + 1));
              } else {
                // The URL is a secret (it authorises posting): log the host only.
                LOG.errorf(
                    "Budget alert webhook to %s failed after %d attempts: %s",
                    java.net.URI.create(url).getHost(), attempt, why);
                metrics.webhookFailed();
              }
            });
  }

  /**
   * The budget a meter id names: a team's, a key's, or a key's per-user one ({@code
   * <name>/<user>}).
   */
  static Budget find(Snapshot snapshot, String id) {
    for (TeamGovernance team : snapshot.teams().values()) {
      for (Budget budget : team.budgets()) {
        if (budget.name().equals(id)) {
          return budget;
        }
      }
    }
    for (ClientKey key : snapshot.keysBySha256().values()) {
      Budget own = key.governance().budget();
      if (own != null && own.name().equals(id)) {
        return own;
      }
      Budget perUser = key.governance().perUserBudget();
      if (perUser != null && id.startsWith(perUser.name() + "/")) {
        return perUser;
      }
    }
    return null;
  }

  @PreDestroy
  void close() {
    webhooks.close();
  }
}
