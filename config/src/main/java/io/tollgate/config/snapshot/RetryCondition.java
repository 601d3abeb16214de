package io.tollgate.config.snapshot;

/** Kinds of upstream failure a route may retry. */
public enum RetryCondition {
  /** Connection refused, reset or closed before a response; unknown host. */
  CONNECT_ERROR("connect-error"),
  /** No answer within a timeout (idle, first token). */
  TIMEOUT("timeout"),
  /** HTTP 429 from the provider. */
  RATE_LIMITED("429"),
  /** HTTP 5xx (and 529) from the provider. */
  SERVER_ERROR("5xx");

  private final String wireName;

  RetryCondition(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static RetryCondition fromWireName(String name) {
    for (RetryCondition condition : values()) {
      if (condition.wireName.equals(name)) {
        return condition;
      }
    }
    return null;
  }
}
