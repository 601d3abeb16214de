package io.tollgate.proxy.upstream;

import io.tollgate.config.snapshot.RetryCondition;

/** How an upstream attempt failed, which decides retry, cooldown and fallback. */
public enum FailureKind {
  /** Refused, reset or closed before a whole response. */
  CONNECT_ERROR(RetryCondition.CONNECT_ERROR, false, "connect_error"),
  /** Idle or first-token timeout, or HTTP 408/504. */
  TIMEOUT(RetryCondition.TIMEOUT, false, "timeout"),
  /** HTTP 429: the backend rests at once. */
  RATE_LIMITED(RetryCondition.RATE_LIMITED, true, "rate_limited"),
  /** HTTP 5xx or 529. */
  SERVER_ERROR(RetryCondition.SERVER_ERROR, false, "server_error"),
  /**
   * HTTP 401, 403 or 404: the backend's credential or upstream model is wrong. Another backend may
   * well work, so it is always tried, and this one rests at once.
   */
  BACKEND_MISCONFIGURED(null, true, "backend_misconfigured"),
  /** The prompt is longer than the model's context window (a 400). */
  CONTEXT_WINDOW(null, false, "context_window_exceeded"),
  /** The provider refused under its content policy (a 400). */
  CONTENT_POLICY(null, false, "content_policy"),
  /** Any other client-side error (400, 413, 422): the same request fails anywhere. */
  CLIENT_ERROR(null, false, "client_error");

  private final RetryCondition condition;
  private final boolean restsAtOnce;
  private final String metricName;

  FailureKind(RetryCondition condition, boolean restsAtOnce, String metricName) {
    this.condition = condition;
    this.restsAtOnce = restsAtOnce;
    this.metricName = metricName;
  }

  /** The retry condition that covers this failure, or null when retry lists do not apply. */
  public RetryCondition condition() {
    return condition;
  }

  /** Whether one such failure puts the backend in cooldown. */
  public boolean restsAtOnce() {
    return restsAtOnce;
  }

  /** Whether the failure says something about the backend's health (not the request's). */
  public boolean countsAgainstBackend() {
    return this != CLIENT_ERROR && this != CONTEXT_WINDOW && this != CONTENT_POLICY;
  }

  public String metricName() {
    return metricName;
  }

  /** The kind of an HTTP error status, with the body's hint for 400s. */
  public static FailureKind ofStatus(int status, String errorCode, String errorMessage) {
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status == 408 || status == 504) {
      return TIMEOUT;
    }
    if (status >= 500) {
      return SERVER_ERROR;
    }
    if (status == 401 || status == 403 || status == 404) {
      return BACKEND_MISCONFIGURED;
    }
    if (isContextWindow(errorCode, errorMessage)) {
      return CONTEXT_WINDOW;
    }
    if (isContentPolicy(errorCode)) {
      return CONTENT_POLICY;
    }
    return CLIENT_ERROR;
  }

  private static boolean isContextWindow(String code, String message) {
    if ("context_length_exceeded".equals(code)) {
      return true;
    }
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(java.util.Locale.ROOT);
    // vLLM and OpenAI-compatible servers word it like OpenAI; Anthropic says "prompt is too long";
    // Bedrock's ValidationException says "Input is too long for requested model" or, for some
    // models, "too many input tokens"; TGI "`inputs` tokens + `max_new_tokens` must be <= N".
    return text.contains("maximum context length")
        || text.contains("context window")
        || text.contains("prompt is too long")
        || text.contains("input is too long")
        || text.contains("too many input tokens")
        || text.contains("`inputs` tokens + `max_new_tokens`");
  }

  private static boolean isContentPolicy(String code) {
    return "content_filter".equals(code) || "content_policy_violation".equals(code);
  }
}
