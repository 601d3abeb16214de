package io.tollgate.proxy.governance;

/** How amounts of money appear in headers, logs and usage objects. */
public final class Dollars {

  private static final long NANOS_PER_DOLLAR = 1_000_000_000L;

  private Dollars() {}

  /**
   * Nano-USD as a plain decimal of dollars without trailing zeros: {@code 0.00042}, {@code 12},
   * {@code 1.5}. Written by hand rather than through BigDecimal: it runs for every priced answer.
   */
  public static String format(long nanos) {
    StringBuilder out = new StringBuilder(24);
    if (nanos < 0) {
      out.append('-');
      nanos = -nanos;
    }
    out.append(nanos / NANOS_PER_DOLLAR);
    long fraction = nanos % NANOS_PER_DOLLAR;
    if (fraction == 0) {
      return out.toString();
    }
    int digits = 9;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    String significant = Long.toString(fraction);
    out.append('.');
    for (int pad = digits - significant.length(); pad > 0; pad--) {
      out.append('0');
    }
    return out.append(significant).toString();
  }
}
