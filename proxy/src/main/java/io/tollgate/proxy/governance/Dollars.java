package io.tollgate.proxy.governance;

import java.math.BigDecimal;

/** How amounts of money appear in headers, logs and usage objects. */
public final class Dollars {

  private Dollars() {}

  /** Nano-USD as a plain decimal of dollars without trailing zeros: {@code 0.00042}. */
  public static String format(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }
}
