package io.tollgate.config.snapshot;

/** Kinds of upstream failure a route may retry. */
public enum RetryCondition {
  /** Connection refused, reset or closed before a response; unknown host. */
  CONNECT_ERROR("connect-error"),
  /** No answer within a timeout (idle, first token). */
  TIMEOUT("timeout"),
  /** HTTP 429 from the provider; also written {@code "429"}. */
  RATE_LIMITED("rate-limited", "429"),
  /** HTTP 5xx (and 529) from the provider; also written {@code 5xx}. */
  SERVER_ERROR("server-error", "5xx");

  private final String wireName;
  private final String alias;

  RetryCondition(String wireName) {
    this(wireName, null);
  }

  RetryCondition(String wireName, String alias) {
    this.wireName = wireName;
    this.alias = alias;
  }

  public String wireName() {
    return wireName;
  }

  public static RetryCondition fromWireName(String name) {
    for (RetryCondition condition : values()) {
      if (condition.wireName.equals(name) || (name != null && name.equals(condition.alias))) {
        return condition;
      }
    }
    return null;
  }
}
