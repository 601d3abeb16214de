package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * A backend's price, in USD per million tokens: what budgets charge and the cost strategy compares.
 * Each field given overrides the built-in price catalog's value for the backend's model.
 */
public class PricingSpec {

  @JsonPropertyDescription("Price of a million prompt tokens. Example: 0.15")
  @Min(0)
  private Double inputPerMillionUsd;

  @JsonPropertyDescription("Price of a million completion tokens. Example: 0.60")
  @Min(0)
  private Double outputPerMillionUsd;

  @JsonPropertyDescription(
      "Price of a million prompt tokens served from the provider's cache. Defaults to the"
          + " catalog's, else to inputPerMillionUsd. Example: 0.075")
  @Min(0)
  private Double cachedInputPerMillionUsd;

  @JsonPropertyDescription(
      "Price of a million prompt tokens written to the provider's cache (Anthropic and Bedrock"
          + " prompt caching). Defaults to the catalog's, else to inputPerMillionUsd. Example:"
          + " 3.75")
  @Min(0)
  private Double cacheWritePerMillionUsd;

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

  public Double getCacheWritePerMillionUsd() {
    return cacheWritePerMillionUsd;
  }

  public void setCacheWritePerMillionUsd(Double cacheWritePerMillionUsd) {
    this.cacheWritePerMillionUsd = cacheWritePerMillionUsd;
  }
}
