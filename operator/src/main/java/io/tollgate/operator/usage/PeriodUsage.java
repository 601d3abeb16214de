package io.tollgate.operator.usage;

import java.util.Map;
import java.util.TreeMap;

/**
 * A budget's counters in one period as the shared usage store holds them.
 *
 * @param spentNanos settled spend, nano-USD
 * @param reservedNanos outstanding reservations of requests still running, nano-USD
 * @param alerts by threshold percent, ascending: the spend (nano-USD) at which a proxy fired that
 *     alert; only thresholds that fired in this period
 */
public record PeriodUsage(long spentNanos, long reservedNanos, Map<Integer, Long> alerts) {

  /** What a store holds for a budget nobody spent from yet in a period. */
  public static final PeriodUsage NONE = new PeriodUsage(0, 0, Map.of());

  public PeriodUsage {
    alerts = java.util.Collections.unmodifiableMap(new TreeMap<>(alerts));
  }
}
