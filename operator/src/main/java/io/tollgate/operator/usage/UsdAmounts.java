package io.tollgate.operator.usage;

import java.math.BigDecimal;

/** Nano-USD as status and messages show them; one conversion, so values compare across writes. */
public final class UsdAmounts {

  private UsdAmounts() {}

  /** The value of a status field such as {@code spentUsd}. */
  public static double number(long nanos) {
    return nanos / 1e9;
  }

  /** Exact, without trailing zeros: {@code 400.02}, {@code 500}. */
  public static String text(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }
}
