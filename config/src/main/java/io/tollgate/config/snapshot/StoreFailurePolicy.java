package io.tollgate.config.snapshot;

/**
 * What a limit or budget does while the shared usage store (Redis) cannot answer within its time
 * limit.
 */
public enum StoreFailurePolicy {
  /** Keep serving, counting on this proxy's own counters until the store is back. */
  FAIL_OPEN,
  /** Refuse the request (503) rather than risk going over. */
  FAIL_CLOSED
}
