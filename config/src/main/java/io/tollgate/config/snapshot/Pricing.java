package io.tollgate.config.snapshot;

/**
 * A backend's price in USD per million tokens.
 *
 * @param cachedInputPerMillionUsd prompt tokens read from the provider's prompt cache
 * @param cacheWritePerMillionUsd prompt tokens written to the provider's prompt cache (Anthropic,
 *     Bedrock); the input price where the provider charges nothing extra, since {@link #costNanos}
 *     charges cache-written tokens at this price instead of the input price
 */
public record Pricing(
    double inputPerMillionUsd,
    double outputPerMillionUsd,
    double cachedInputPerMillionUsd,
    double cacheWritePerMillionUsd) {

  /** A price whose cache writes cost what plain input does. */
  public Pricing(
      double inputPerMillionUsd, double outputPerMillionUsd, double cachedInputPerMillionUsd) {
    this(inputPerMillionUsd, outputPerMillionUsd, cachedInputPerMillionUsd, inputPerMillionUsd);
  }

  public Pricing {
    if (inputPerMillionUsd < 0
        || outputPerMillionUsd < 0
        || cachedInputPerMillionUsd < 0
        || cacheWritePerMillionUsd < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** One number to rank backends by: a million prompt tokens plus a million completion tokens. */
  public double blendedPerMillionUsd() {
    return inputPerMillionUsd + outputPerMillionUsd;
  }

  /**
   * The cost of one request in billionths of a dollar (nano-USD), rounded half up. Prices are taken
   * to the micro-dollar per million tokens (6 decimals), so the arithmetic is exact integer
   * arithmetic on pico-dollars per token.
   *
   * @param inputTokens all prompt tokens, the cached and cache-written ones included
   * @param cachedInputTokens the part of the prompt read from the cache
   * @param cacheWriteTokens the part of the prompt written to the cache
   */
  public long costNanos(
      long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens) {
    long uncached = Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
    long picos =
        Math.addExact(
            Math.addExact(
                Math.multiplyExact(uncached, picosPerToken(inputPerMillionUsd)),
                Math.multiplyExact(cachedInputTokens, picosPerToken(cachedInputPerMillionUsd))),
            Math.addExact(
                Math.multiplyExact(cacheWriteTokens, picosPerToken(cacheWritePerMillionUsd)),
                Math.multiplyExact(outputTokens, picosPerToken(outputPerMillionUsd))));
    return (picos + 500) / 1000;
  }

  /** USD per million tokens is pico-USD per token times 10^-6: 0.075 $/M = 75,000 p$/token. */
  static long picosPerToken(double perMillionUsd) {
    return Math.round(perMillionUsd * 1_000_000);
  }
}
