package io.tollgate.governance;

/** What a request really used, as the provider reported it. */
public record Actual(long inputTokens, long outputTokens, long costNanos) {

  /** A request that failed before the provider did any work. */
  public static final Actual NOTHING = new Actual(0, 0, 0);
}
