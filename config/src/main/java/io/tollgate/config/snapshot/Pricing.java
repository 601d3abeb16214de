package io.tollgate.config.snapshot;

/** A backend's price in USD per million tokens. */
public record Pricing(
    double inputPerMillionUsd, double outputPerMillionUsd, double cachedInputPerMillionUsd) {

  public Pricing {
    if (inputPerMillionUsd < 0 || outputPerMillionUsd < 0 || cachedInputPerMillionUsd < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** One number to rank backends by: a million prompt tokens plus a million completion tokens. */
  public double blendedPerMillionUsd() {
    return inputPerMillionUsd + outputPerMillionUsd;
  }
}
