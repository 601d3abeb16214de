package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Rate and concurrency limits of one subject: a key, each user of a key, a key on some models, or a
 * whole team. Counted across all proxies when they share a usage store (Redis).
 */
public class LimitsSpec {

  public static final String DEFAULT_TOKEN_COUNTING = "total";
  public static final String DEFAULT_ON_STORE_FAILURE = "fail-open";

  @JsonPropertyDescription(
      "Requests per minute (fixed one-minute windows). Omit for no limit; 0 refuses every"
          + " request. Example: 60")
  @Min(0)
  private Long requestsPerMinute;

  @JsonPropertyDescription(
      "Tokens per minute, counted as tokenCounting says. A request is admitted on an estimate and"
          + " charged what the provider reports. Omit for no limit. Example: 100000")
  @Min(0)
  private Long tokensPerMinute;

  @JsonPropertyDescription(
      "Which tokens tokensPerMinute counts: total (prompt plus completion), input (prompt) or"
          + " output (completion). Defaults to total.")
  @Pattern(Tollgate.TOKEN_COUNTING_PATTERN)
  @Default(DEFAULT_TOKEN_COUNTING)
  private String tokenCounting;

  @JsonPropertyDescription(
      "Requests in flight at once (streams count until they end). Omit for no limit. Example: 8")
  @Min(0)
  private Integer maxParallelRequests;

  @JsonPropertyDescription(
      "What happens while the shared usage store (Redis) does not answer in time: fail-open keeps"
          + " serving and counts on each proxy alone until it is back; fail-closed refuses requests"
          + " (503). Defaults to fail-open.")
  @Pattern(Tollgate.STORE_FAILURE_PATTERN)
  @Default(DEFAULT_ON_STORE_FAILURE)
  private String onStoreFailure;

  @JsonPropertyDescription(
      "Times of day with other limits, e.g. a lower rate at night. The first window active at a"
          + " request's time replaces the limits it sets; the others stay as above.")
  @Size(max = 16)
  private List<LimitWindowSpec> windows;

  public Long getRequestsPerMinute() {
    return requestsPerMinute;
  }

  public void setRequestsPerMinute(Long requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public Long getTokensPerMinute() {
    return tokensPerMinute;
  }

  public void setTokensPerMinute(Long tokensPerMinute) {
    this.tokensPerMinute = tokensPerMinute;
  }

  public String getTokenCounting() {
    return tokenCounting;
  }

  public void setTokenCounting(String tokenCounting) {
    this.tokenCounting = tokenCounting;
  }

  public Integer getMaxParallelRequests() {
    return maxParallelRequests;
  }

  public void setMaxParallelRequests(Integer maxParallelRequests) {
    this.maxParallelRequests = maxParallelRequests;
  }

  public String getOnStoreFailure() {
    return onStoreFailure;
  }

  public void setOnStoreFailure(String onStoreFailure) {
    this.onStoreFailure = onStoreFailure;
  }

  public List<LimitWindowSpec> getWindows() {
    return windows;
  }

  public void setWindows(List<LimitWindowSpec> windows) {
    this.windows = windows;
  }
}
