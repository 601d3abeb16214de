package io.tollgate.config.snapshot;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A spending limit per calendar period.
 *
 * @param name what it is called in errors, logs, metrics and the usage store, e.g. {@code
 *     team-budget/default/search} or {@code api-key/default/alice}
 * @param limitNanos the limit in billionths of a US dollar
 * @param alertThresholds percentages of the limit at which an alert fires once per period,
 *     ascending
 * @param hard whether requests are refused once the limit is reached; false = alerts only
 * @param models the public model names it counts, precomputed from globs; empty = every model
 * @param alertWebhookUrl where alerts are posted (Slack-compatible JSON), or null
 */
public record Budget(
    String name,
    long limitNanos,
    BudgetPeriod period,
    ZoneId timeZone,
    List<Integer> alertThresholds,
    boolean hard,
    Set<String> models,
    StoreFailurePolicy onStoreFailure,
    String alertWebhookUrl) {

  public Budget {
    Backend.requireText(name, "name");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(onStoreFailure, "onStoreFailure");
    if (limitNanos < 0) {
      throw new IllegalArgumentException("limitNanos must not be negative");
    }
    alertThresholds = List.copyOf(alertThresholds);
    models = Set.copyOf(models);
  }

  /** Whether requests for this public model count against the budget. */
  public boolean covers(String model) {
    return models.isEmpty() || models.contains(model);
  }

  /** USD, for messages. */
  public double limitUsd() {
    return limitNanos / 1e9;
  }

  /** Keeps the webhook URL, a credential, out of logs and exception messages. */
  @Override
  public String toString() {
    return "Budget[name="
        + name
        + ", limitNanos="
        + limitNanos
        + ", period="
        + period
        + ", timeZone="
        + timeZone
        + ", alertThresholds="
        + alertThresholds
        + ", hard="
        + hard
        + ", models="
        + models
        + ", onStoreFailure="
        + onStoreFailure
        + ", alertWebhookUrl="
        + (alertWebhookUrl == null ? "none" : "***")
        + "]";
  }
}
