package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The observed state of a {@link TeamBudget}, written by the operator: the usual conditions, and
 * the spend of the current period as the shared usage store holds it.
 */
public class TeamBudgetStatus extends ResourceStatus {

  @JsonPropertyDescription(
      "US dollars the proxies settled against this budget in the current period, read from the"
          + " shared usage store (Redis) every 30 s by default. Unset while the proxies count in"
          + " memory; while the store cannot be read it keeps the last value read (see the"
          + " SpendReported condition).")
  private Double spentUsd;

  @JsonPropertyDescription("limitUsd minus spentUsd, at least 0. Written together with spentUsd.")
  private Double remainingUsd;

  @JsonPropertyDescription(
      "When the current period started, RFC 3339 in the budget's timeZone, e.g."
          + " 2026-11-01T00:00:00-04:00. Written together with spentUsd.")
  private String periodStart;

  @JsonPropertyDescription(
      "The current period's name: 2026-11-25 (daily), 2026-W48 (weekly) or 2026-11 (monthly)."
          + " Written together with spentUsd.")
  private String periodId;

  public Double getSpentUsd() {
    return spentUsd;
  }

  public void setSpentUsd(Double spentUsd) {
    this.spentUsd = spentUsd;
  }

  public Double getRemainingUsd() {
    return remainingUsd;
  }

  public void setRemainingUsd(Double remainingUsd) {
    this.remainingUsd = remainingUsd;
  }

  public String getPeriodStart() {
    return periodStart;
  }

  public void setPeriodStart(String periodStart) {
    this.periodStart = periodStart;
  }

  public String getPeriodId() {
    return periodId;
  }

  public void setPeriodId(String periodId) {
    this.periodId = periodId;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o)
        && Objects.equals(spentUsd, ((TeamBudgetStatus) o).spentUsd)
        && Objects.equals(remainingUsd, ((TeamBudgetStatus) o).remainingUsd)
        && Objects.equals(periodStart, ((TeamBudgetStatus) o).periodStart)
        && Objects.equals(periodId, ((TeamBudgetStatus) o).periodId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), spentUsd, remainingUsd, periodStart, periodId);
  }
}
