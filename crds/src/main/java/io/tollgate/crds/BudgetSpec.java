package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.math.BigDecimal;
import java.util.List;

/**
 * A spending limit in US dollars per calendar period. Spend is the provider-reported token usage
 * times each backend's price; a request is reserved against the budget before it is sent and
 * settled when it ends.
 */
@ValidationRule(
    value = "!has(self.alertThresholds) || self.alertThresholds.all(t, t >= 1 && t <= 1000)",
    message = "alertThresholds are percentages of limitUsd from 1 to 1000, e.g. [80, 100]")
public class BudgetSpec {

  public static final String DEFAULT_PERIOD = "monthly";
  public static final String DEFAULT_TIME_ZONE = "UTC";
  public static final String DEFAULT_ENFORCEMENT = "hard";

  /** The alert thresholds used when none are given, in percent of the limit. */
  public static final List<Integer> DEFAULT_ALERT_THRESHOLDS = List.of(80, 100);

  @JsonPropertyDescription(
      "The limit in US dollars per period, at most 9 decimal places. Example: 25")
  @Required
  @Min(0)
  private BigDecimal limitUsd;

  @JsonPropertyDescription(
      "When spend resets: daily (at midnight), weekly (Monday 00:00) or monthly (the 1st,"
          + " 00:00), in timeZone. Defaults to monthly.")
  @Pattern(Tollgate.BUDGET_PERIOD_PATTERN)
  @Default(DEFAULT_PERIOD)
  private String period;

  @JsonPropertyDescription(
      "IANA time zone the periods are aligned in. Defaults to UTC. Example: America/New_York")
  @Default(DEFAULT_TIME_ZONE)
  private String timeZone;

  @JsonPropertyDescription(
      "Percentages of limitUsd at which an alert is sent, once per period each (1 to 1000; above"
          + " 100 only a soft budget gets there). Defaults to [80, 100]. Example: [50, 80, 100]")
  @Size(max = 10)
  private List<Integer> alertThresholds;

  @JsonPropertyDescription(
      "hard: once the limit is reached, requests are refused (429) until the period ends. soft:"
          + " requests go on; only alerts are sent. Defaults to hard.")
  @Pattern(Tollgate.ENFORCEMENT_PATTERN)
  @Default(DEFAULT_ENFORCEMENT)
  private String enforcement;

  @JsonPropertyDescription(
      "What happens while the shared usage store (Redis) does not answer in time: fail-open keeps"
          + " serving and counts on each proxy alone until it is back; fail-closed refuses requests"
          + " (503). Defaults to fail-open.")
  @Pattern(Tollgate.STORE_FAILURE_PATTERN)
  @Default(LimitsSpec.DEFAULT_ON_STORE_FAILURE)
  private String onStoreFailure;

  @JsonPropertyDescription(
      "A Secret key holding an incoming-webhook URL (Slack-compatible JSON {\"text\": ...}) that"
          + " alerts are posted to. Optional; alerts are always logged and counted in metrics."
          + " Example: {name: search-alerts, key: url}")
  private AlertWebhookSecretRef alertWebhookSecretRef;

  public BigDecimal getLimitUsd() {
    return limitUsd;
  }

  public void setLimitUsd(BigDecimal limitUsd) {
    this.limitUsd = limitUsd;
  }

  public String getPeriod() {
    return period;
  }

  public void setPeriod(String period) {
    this.period = period;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public List<Integer> getAlertThresholds() {
    return alertThresholds;
  }

  public void setAlertThresholds(List<Integer> alertThresholds) {
    this.alertThresholds = alertThresholds;
  }

  public String getEnforcement() {
    return enforcement;
  }

  public void setEnforcement(String enforcement) {
    this.enforcement = enforcement;
  }

  public String getOnStoreFailure() {
    return onStoreFailure;
  }

  public void setOnStoreFailure(String onStoreFailure) {
    this.onStoreFailure = onStoreFailure;
  }

  public AlertWebhookSecretRef getAlertWebhookSecretRef() {
    return alertWebhookSecretRef;
  }

  public void setAlertWebhookSecretRef(AlertWebhookSecretRef alertWebhookSecretRef) {
    this.alertWebhookSecretRef = alertWebhookSecretRef;
  }
}
