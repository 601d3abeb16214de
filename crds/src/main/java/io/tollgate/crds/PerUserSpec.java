package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Limits and a budget for each end user of a key separately. The user is the OpenAI {@code user}
 * field of the request, or the {@code x-tollgate-user} header.
 */
public class PerUserSpec {

  @JsonPropertyDescription(
      "Limits for each user of the key separately, on top of the key's own. Example:"
          + " {requestsPerMinute: 10}")
  private LimitsSpec limits;

  @JsonPropertyDescription(
      "A budget for each user of the key separately, on top of the key's own. Example: {limitUsd:"
          + " 5, period: daily}")
  private BudgetSpec budget;

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public BudgetSpec getBudget() {
    return budget;
  }

  public void setBudget(BudgetSpec budget) {
    this.budget = budget;
  }
}
