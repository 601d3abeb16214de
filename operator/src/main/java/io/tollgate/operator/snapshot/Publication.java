package io.tollgate.operator.snapshot;

import java.util.Map;

/**
 * The snapshot the operator last published and what became of each resource.
 *
 * @param version the published snapshot's version (what proxies report once they load it)
 * @param checksum its checksum
 * @param outcomes by {@link ResourceKeys#of} key
 * @param budgets every TeamBudget in the published snapshot, by {@link ResourceKeys#of} key
 */
public record Publication(
    long version,
    String checksum,
    Map<String, ResourceOutcome> outcomes,
    Map<String, CountedBudget> budgets) {

  public Publication {
    outcomes = Map.copyOf(outcomes);
    budgets = Map.copyOf(budgets);
  }

  /** The outcome of a resource, or null when the last compile did not see it. */
  public ResourceOutcome outcome(String key) {
    return outcomes.get(key);
  }

  /** How the proxies count a TeamBudget, or null when the published snapshot does not hold it. */
  public CountedBudget budget(String key) {
    return budgets.get(key);
  }
}
