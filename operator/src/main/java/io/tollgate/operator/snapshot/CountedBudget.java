package io.tollgate.operator.snapshot;

import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.governance.MeterPlanner;
import java.util.HashMap;
import java.util.Map;

/**
 * A TeamBudget as the proxies count it: its budget as compiled into the published snapshot, and the
 * usage scope its spend is counted in (the team's, as the proxies' meter planner scopes every meter
 * of a team's keys).
 */
public record CountedBudget(String scope, Budget budget) {

  private static final String TEAM_BUDGET_PREFIX = "team-budget/";

  /** Every TeamBudget of {@code snapshot}, by {@link ResourceKeys} key. */
  static Map<String, CountedBudget> of(Snapshot snapshot) {
    Map<String, CountedBudget> out = new HashMap<>();
    for (TeamGovernance team : snapshot.teams().values()) {
      for (Budget budget : team.budgets()) {
        String resource = teamBudgetResource(budget);
        if (resource != null) {
          out.put(
              ResourceKeys.ofNamespacedName("TeamBudget", resource),
              new CountedBudget(MeterPlanner.teamScope(team.team()), budget));
        }
      }
    }
    return out;
  }

  /**
   * The {@code namespace/name} of the TeamBudget a team's budget was compiled from, or null for a
   * budget of another origin.
   */
  static String teamBudgetResource(Budget budget) {
    return budget.name().startsWith(TEAM_BUDGET_PREFIX)
        ? budget.name().substring(TEAM_BUDGET_PREFIX.length())
        : null;
  }
}
