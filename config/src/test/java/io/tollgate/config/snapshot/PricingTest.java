package io.tollgate.config.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Golden costs: each expected value is worked out by hand in the comment beside it. */
class PricingTest {

  private static final Pricing GPT_4O_MINI = new Pricing(0.15, 0.60, 0.075, 0.15);
  private static final Pricing CLAUDE_SONNET = new Pricing(3.00, 15.00, 0.30, 3.75);

  @Test
  void plainInputAndOutput() {
    // 1,000 x $0.15/M = $0.00015; 500 x $0.60/M = $0.0003; together $0.00045.
    assertThat(GPT_4O_MINI.costNanos(1_000, 0, 0, 500)).isEqualTo(450_000L);
  }

  @Test
  void cachedPromptTokensAreChargedAtTheCachedPrice() {
    // 2,000 uncached x $0.15/M = $0.0003; 8,000 cached x $0.075/M = $0.0006;
    // 100 out x $0.60/M = $0.00006; together $0.00096.
    assertThat(GPT_4O_MINI.costNanos(10_000, 8_000, 0, 100)).isEqualTo(960_000L);
  }

  @Test
  void cacheWritesAndReadsAreChargedApartFromThePlainPrompt() {
    // 100,000 prompt tokens: 70,000 read from the cache, 20,000 written to it, 10,000 plain.
    // 10,000 x $3/M = $0.03; 70,000 x $0.30/M = $0.021; 20,000 x $3.75/M = $0.075;
    // 2,000 out x $15/M = $0.03; together $0.156.
    assertThat(CLAUDE_SONNET.costNanos(100_000, 70_000, 20_000, 2_000)).isEqualTo(156_000_000L);
  }

  @Test
  void aMillionTokensCostExactlyTheListPrice() {
    assertThat(CLAUDE_SONNET.costNanos(1_000_000, 0, 0, 0)).isEqualTo(3_000_000_000L);
    assertThat(CLAUDE_SONNET.costNanos(0, 0, 0, 1_000_000)).isEqualTo(15_000_000_000L);
    assertThat(CLAUDE_SONNET.costNanos(1_000_000, 1_000_000, 0, 0)).isEqualTo(300_000_000L);
    assertThat(CLAUDE_SONNET.costNanos(1_000_000, 0, 1_000_000, 0)).isEqualTo(3_750_000_000L);
  }

  @Test
  void fractionsOfANanoDollarRoundHalfUp() {
    Pricing novaMicro = new Pricing(0.035, 0.14, 0.00875, 0.035);
    // One token at $0.035/M is 35 nano-dollars exactly.
    assertThat(novaMicro.costNanos(1, 0, 0, 0)).isEqualTo(35L);
    // One cached token at $0.00875/M is 8.75 nano-dollars: 9.
    assertThat(novaMicro.costNanos(1, 1, 0, 0)).isEqualTo(9L);
    // Four cached tokens are 35 exactly: rounding is applied once, to the total.
    assertThat(novaMicro.costNanos(4, 4, 0, 0)).isEqualTo(35L);
  }

  @Test
  void moreCachedTokensThanPromptTokensNeverMakeTheRestNegative() {
    // The provider's counts disagree; the plain part is taken as none, not as a refund.
    assertThat(GPT_4O_MINI.costNanos(100, 200, 0, 0)).isEqualTo(15_000L);
  }

  @Test
  void threeArgumentPricingChargesCacheWritesAsInput() {
    assertThat(new Pricing(0.15, 0.60, 0.075).cacheWritePerMillionUsd()).isEqualTo(0.15);
  }
}
