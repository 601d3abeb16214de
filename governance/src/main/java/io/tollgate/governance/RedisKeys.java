package io.tollgate.governance;

/**
 * The names of the keys {@link RedisUsageStore} counts in, for whoever reads usage back (the
 * operator's budget status). Every key of a scope carries the scope as its hash tag ({@code
 * {scope}}), so Redis Cluster keeps a scope in one slot and one script can update it atomically.
 * Meter ids may hold {@code :} (a rate key still ends with its window); budget and period ids hold
 * none (they are made of Kubernetes names and dates).
 */
public final class RedisKeys {

  /** Budget hash field: settled spend, nano-USD. */
  public static final String SPENT = "spent";

  /** Budget hash field: outstanding reservations, nano-USD. */
  public static final String RESERVED = "reserved";

  /**
   * Budget hash field prefix: {@code alerted:<percent>} holds the spend at which that alert
   * threshold fired.
   */
  public static final String ALERTED = "alerted:";

  private RedisKeys() {}

  /** String: the count of a rate meter in one window ({@code floor(epochMillis / 60000)}). */
  public static String rate(String scope, String meterId, long window) {
    return prefix(scope) + "rate:" + meterId + ":" + window;
  }

  /** Sorted set: the leases of a parallel meter, member = reservation id, score = expiry. */
  public static String parallel(String scope, String meterId) {
    return prefix(scope) + "parallel:" + meterId;
  }

  /** Hash: a budget's usage in one period ({@link #SPENT}, {@link #RESERVED}, alerts). */
  public static String budget(String scope, String budgetId, String periodId) {
    return prefix(scope) + "budget:" + budgetId + ":" + periodId;
  }

  /** Sorted set: the budget's outstanding reservations, member = reservation id, score = expiry. */
  public static String budgetLeases(String scope, String budgetId, String periodId) {
    return budget(scope, budgetId, periodId) + ":leases";
  }

  /** Hash: the budget's outstanding reservations, field = reservation id, value = nano-USD. */
  public static String budgetAmounts(String scope, String budgetId, String periodId) {
    return budget(scope, budgetId, periodId) + ":amounts";
  }

  private static String prefix(String scope) {
    // An empty tag ("{}") would make Redis Cluster hash whole key names, scattering the scope.
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException("A usage scope must not be empty");
    }
    return "tollgate:{" + scope + "}:";
  }
}
