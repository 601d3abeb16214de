package io.tollgate.governance;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One budget's usage in one period: settled spend, outstanding reservations, and the alert
 * thresholds already reported. Not thread-safe; guarded by its scope's lock.
 */
final class BudgetLedger {

  final long periodEndMillis;
  private final Leases reservations = new Leases();
  private final Set<Integer> alerted = new HashSet<>();
  private long spent;

  BudgetLedger(long periodEndMillis) {
    this.periodEndMillis = periodEndMillis;
  }

  /** Spent plus reserved, after reclaiming reservations whose lease lapsed. */
  long used(long nowMillis) {
    reservations.expire(nowMillis);
    return spent + reservations.total();
  }

  void reserve(String reservationId, long costNanos, long expiresAt) {
    reservations.hold(reservationId, costNanos, expiresAt);
  }

  /**
   * Moves the reservation into spend (adding the spend even when the reservation is gone) and adds
   * to {@code crossed} each threshold the spend now reaches that was not reported before.
   */
  void settle(
      String reservationId, long costNanos, BudgetMeter meter, List<CrossedThreshold> crossed) {
    reservations.release(reservationId);
    spent += costNanos;
    if (costNanos <= 0) {
      return;
    }
    for (int percent : meter.alertThresholds()) {
      if (spent >= Meters.thresholdNanos(meter.limitNanos(), percent) && alerted.add(percent)) {
        crossed.add(new CrossedThreshold(meter, percent, spent));
      }
    }
  }

  BudgetUsage usage() {
    return new BudgetUsage(spent, reservations.total());
  }
}
