package io.tollgate.config.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * What applies to every key of a team together, from the TeamBudgets naming it.
 *
 * @param limits the team's rate limits (from the TeamBudget's {@code limits}); several TeamBudgets
 *     of one team may not both set them
 * @param budgets in a stable order (by resource name)
 */
public record TeamGovernance(String team, Limits limits, List<Budget> budgets) {

  public TeamGovernance {
    Backend.requireText(team, "team");
    Objects.requireNonNull(limits, "limits");
    budgets = List.copyOf(budgets);
  }
}
