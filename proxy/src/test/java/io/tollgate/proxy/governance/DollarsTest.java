package io.tollgate.proxy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class DollarsTest {

  @Test
  void formatsNanoDollarsAsPlainDecimals() {
    assertThat(Dollars.format(0)).isEqualTo("0");
    assertThat(Dollars.format(42_000)).isEqualTo("0.000042");
    assertThat(Dollars.format(1)).isEqualTo("0.000000001");
    assertThat(Dollars.format(1_500_000_000L)).isEqualTo("1.5");
    assertThat(Dollars.format(500_000_000_000L)).isEqualTo("500");
    assertThat(Dollars.format(-250_000_000L)).isEqualTo("-0.25");
  }

  @Test
  void agreesWithBigDecimalEverywhere() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      long nanos = random.nextLong(0, 1_000_000_000_000_000L) / (1L << random.nextInt(0, 40));
      assertThat(Dollars.format(nanos))
          .as("%d", nanos)
          .isEqualTo(BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString());
    }
  }
}
