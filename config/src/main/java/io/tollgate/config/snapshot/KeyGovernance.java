package io.tollgate.config.snapshot;

import java.util.Map;
import java.util.Objects;

/**
 * The limits and budgets an API key carries.
 *
 * @param limits for the key as a whole
 * @param budget for the key as a whole, or null
 * @param perUserLimits for each end user of the key (OpenAI {@code user} field or the {@code
 *     x-tollgate-user} header) separately
 * @param perUserBudget for each end user separately, or null
 * @param perModelLimits by public model name, precomputed from the spec's globs: the key's use of
 *     that one model
 */
public record KeyGovernance(
    Limits limits,
    Budget budget,
    Limits perUserLimits,
    Budget perUserBudget,
    Map<String, Limits> perModelLimits) {

  public static final KeyGovernance NONE =
      new KeyGovernance(Limits.NONE, null, Limits.NONE, null, Map.of());

  public KeyGovernance {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(perUserLimits, "perUserLimits");
    perModelLimits = Map.copyOf(perModelLimits);
  }

  public boolean isEmpty() {
    return limits.isEmpty()
        && budget == null
        && perUserLimits.isEmpty()
        && perUserBudget == null
        && perModelLimits.isEmpty();
  }
}
