package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.crds.TeamBudget;
import io.tollgate.crds.TeamBudgetSpec;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles one TeamBudget: its budget, with the model globs expanded against the snapshot's public
 * model names, and the limits it may set for the whole team.
 */
final class TeamBudgetCompiler {

  private final BudgetCompiler budgets;

  TeamBudgetCompiler(BudgetCompiler budgets) {
    this.budgets = budgets;
  }

  /**
   * A compiled TeamBudget.
   *
   * @param limits the team's limits, or null when this TeamBudget sets none
   */
  record Compiled(LoadedResource<TeamBudget> loaded, String team, Budget budget, Limits limits) {}

  /** The name of a TeamBudget's budget in the snapshot and the usage store. */
  static String budgetName(String namespacedName) {
    return "team-budget/" + namespacedName;
  }

  /**
   * The compiled TeamBudget, or null after adding its errors to {@code errors}.
   *
   * @param publicModels every route's public model name, to expand the globs against
   */
  Compiled compile(
      LoadedResource<TeamBudget> loaded,
      Collection<String> publicModels,
      List<ConfigError> errors) {
    ResourceProblems problems = new ResourceProblems(loaded, errors);
    TeamBudgetSpec spec = loaded.resource().getSpec();
    if (spec == null) {
      problems.add("spec", "spec is required, with team and limitUsd");
      return null;
    }
    String team = spec.getTeam();
    if (team == null || team.isBlank()) {
      problems.add(
          "spec.team", "team is required: the spec.team of the ApiKeys that share this budget");
    }
    Set<String> models = models(spec.getModels(), publicModels, problems);
    Budget budget =
        budgets.compile(spec, budgetName(loaded.namespacedName()), models, "spec", problems);
    Limits limits =
        spec.getLimits() == null
            ? null
            : LimitsCompiler.compile(spec.getLimits(), "spec.limits", problems);
    if (problems.any()) {
      return null;
    }
    return new Compiled(loaded, team, budget, limits);
  }

  /** The public models the globs match; empty (every model) when there are no globs. */
  private static Set<String> models(
      List<String> globs, Collection<String> publicModels, ResourceProblems problems) {
    if (globs == null) {
      return Set.of();
    }
    if (globs.isEmpty()) {
      problems.add("spec.models", "must not be empty; omit models to count every model");
      return Set.of();
    }
    Set<String> matched = new HashSet<>();
    boolean blank = false;
    for (int i = 0; i < globs.size(); i++) {
      String glob = globs.get(i);
      if (glob == null || glob.isBlank()) {
        problems.add("spec.models[" + i + "]", "model glob must not be blank");
        blank = true;
        continue;
      }
      Glob compiled = Glob.of(glob);
      publicModels.stream().filter(compiled::matches).forEach(matched::add);
    }
    if (!blank && matched.isEmpty()) {
      // An empty set means "every model", so a budget whose globs match nothing cannot be built.
      problems.add(
          "spec.models",
          "no ModelRoute serves a model matching "
              + globs
              + "; the budget would count nothing (omit models to count every model)");
    }
    return matched;
  }
}
