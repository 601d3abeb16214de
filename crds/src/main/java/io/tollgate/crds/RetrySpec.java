package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** How a route retries a failed upstream call before it gives up or falls back. */
public class RetrySpec {

  @JsonPropertyDescription(
      "Upstream calls per request in all, the first included (1 = no retry). A retry "
          + "goes to a backend not yet tried while there is one. Without a retry block a "
          + "route makes 2 attempts, the second only on another backend. Example: 3")
  @Min(1)
  private Integer attempts;

  @JsonPropertyDescription(
      "Wait before the first retry; each further retry doubles it (with jitter) up to "
          + "maxBackoff. Default 100ms. Example: 250ms")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String initialBackoff;

  @JsonPropertyDescription("Longest wait between two attempts. Default 2s. Example: 5s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String maxBackoff;

  @JsonPropertyDescription(
      "Which failures are retried: connect-error (refused, reset, DNS), timeout,"
          + " rate-limited (HTTP 429; the provider's Retry-After is honoured; \"429\" quoted also"
          + " works), server-error (HTTP 5xx; also 5xx). Default all four. Example:"
          + " [connect-error, server-error]")
  private List<String> retryOn;

  @JsonPropertyDescription(
      "A provider asking to wait longer than this (Retry-After) is not retried on that "
          + "backend. Default 10s. Example: 30s")
  @Pattern(Tollgate.DURATION_PATTERN)
  private String maxRetryAfter;

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(String initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public String getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(String maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public List<String> getRetryOn() {
    return retryOn;
  }

  public void setRetryOn(List<String> retryOn) {
    this.retryOn = retryOn;
  }

  public String getMaxRetryAfter() {
    return maxRetryAfter;
  }

  public void setMaxRetryAfter(String maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
  }
}
