package io.tollgate.governance;

/** What a {@link RateMeter} counts. */
public enum Measure {
  REQUESTS,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
  TOTAL_TOKENS;

  /** How much of this measure a request uses, given its input and output tokens. */
  public long of(long inputTokens, long outputTokens) {
    return switch (this) {
      case REQUESTS -> 1;
      case INPUT_TOKENS -> inputTokens;
      case OUTPUT_TOKENS -> outputTokens;
      case TOTAL_TOKENS -> inputTokens + outputTokens;
    };
  }
}
