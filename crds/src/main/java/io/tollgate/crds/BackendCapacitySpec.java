package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * How much one backend may take from this proxy; a saturated backend leaves selection until it has
 * room.
 */
public class BackendCapacitySpec {

  @JsonPropertyDescription(
      "Requests per minute this proxy sends the backend (per pod, not shared). Example: " + "600")
  @Min(1)
  private Integer requestsPerMinute;

  @JsonPropertyDescription(
      "Prompt plus completion tokens per minute, as the provider reports them (per "
          + "pod). Example: 200000")
  @Min(1)
  private Integer tokensPerMinute;

  @JsonPropertyDescription("Requests in flight at once to the backend from this proxy. Example: 32")
  @Min(1)
  private Integer maxInFlight;

  public Integer getRequestsPerMinute() {
    return requestsPerMinute;
  }

  public void setRequestsPerMinute(Integer requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public Integer getTokensPerMinute() {
    return tokensPerMinute;
  }

  public void setTokensPerMinute(Integer tokensPerMinute) {
    this.tokensPerMinute = tokensPerMinute;
  }

  public Integer getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(Integer maxInFlight) {
    this.maxInFlight = maxInFlight;
  }
}
