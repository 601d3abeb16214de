package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** A backend's price, in USD per million tokens; used by the cost strategy. */
public class PricingSpec {

  @JsonPropertyDescription("Price of a million prompt tokens. Example: 0.15")
  @Min(0)
  private Double inputPerMillionUsd;

  @JsonPropertyDescription("Price of a million completion tokens. Example: 0.60")
  @Min(0)
  private Double outputPerMillionUsd;

  @JsonPropertyDescription(
      "Price of a million prompt tokens served from the provider's cache. Example: " + "0.075")
  @Min(0)
  private Double cachedInputPerMillionUsd;

  public Double getInputPerMillionUsd() {
    return inputPerMillionUsd;
  }

  public void setInputPerMillionUsd(Double inputPerMillionUsd) {
    this.inputPerMillionUsd = inputPerMillionUsd;
  }

  public Double getOutputPerMillionUsd() {
    return outputPerMillionUsd;
  }

  public void setOutputPerMillionUsd(Double outputPerMillionUsd) {
    this.outputPerMillionUsd = outputPerMillionUsd;
  }

  public Double getCachedInputPerMillionUsd() {
    return cachedInputPerMillionUsd;
  }

  public void setCachedInputPerMillionUsd(Double cachedInputPerMillionUsd) {
    this.cachedInputPerMillionUsd = cachedInputPerMillionUsd;
  }
}
