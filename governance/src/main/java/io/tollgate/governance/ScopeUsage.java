package io.tollgate.governance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of one scope in memory. Not thread-safe: {@link InMemoryUsageStore} holds the
 * scope's lock around every call, which is what makes a reservation atomic over its meters.
 */
final class ScopeUsage {

  private record Period(String budgetId, String periodId) {}

  private final Map<String, RateWindows> rates = new HashMap<>();
  private final Map<String, Leases> parallel = new HashMap<>();
  private final Map<Period, BudgetLedger> budgets = new HashMap<>();

  /** Checks every meter first and charges only when all have room, so a refusal charges none. */
  Admission reserve(Reservation reservation) {
    List<Meter> meters = reservation.meters();
    long[] used = new long[meters.size()];
    int refused = -1;
    for (int i = 0; i < meters.size(); i++) {
      used[i] = used(meters.get(i), reservation);
      if (refused < 0 && !Meters.hasRoom(meters.get(i), used[i])) {
        refused = i;
      }
    }
    if (refused < 0) {
      for (int i = 0; i < meters.size(); i++) {
        charge(meters.get(i), reservation);
        used[i] += Meters.estimate(meters.get(i), reservation);
      }
    }
    return Meters.admission(reservation, refused, used);
  }

  Settlement settle(Reservation reservation, Actual actual, long nowMillis) {
    List<CrossedThreshold> crossed = new ArrayList<>();
    for (Meter meter : reservation.meters()) {
      if (meter instanceof RateMeter rate) {
        rates(rate)
            .correct(
                RateMeter.window(reservation.atMillis()),
                Meters.correction(rate, reservation, actual));
      } else if (meter instanceof ParallelMeter slots) {
        parallel(slots).release(reservation.id());
      } else {
        BudgetMeter budget = (BudgetMeter) meter;
        ledger(budget, nowMillis).settle(reservation.id(), actual.costNanos(), budget, crossed);
      }
    }
    return crossed.isEmpty() ? Settlement.NONE : new Settlement(crossed);
  }

  BudgetUsage budgetUsage(String budgetId, String periodId) {
    BudgetLedger ledger = budgets.get(new Period(budgetId, periodId));
    return ledger == null ? new BudgetUsage(0, 0) : ledger.usage();
  }

  private long used(Meter meter, Reservation reservation) {
    long at = reservation.atMillis();
    if (meter instanceof RateMeter rate) {
      return rates(rate).count(RateMeter.window(at));
    } else if (meter instanceof ParallelMeter slots) {
      Leases leases = parallel(slots);
      leases.expire(at);
      return leases.count();
    }
    return ledger((BudgetMeter) meter, at).used(at);
  }

  private void charge(Meter meter, Reservation reservation) {
    long at = reservation.atMillis();
    long estimate = Meters.estimate(meter, reservation);
    if (meter instanceof RateMeter rate) {
      rates(rate).add(RateMeter.window(at), estimate);
    } else if (meter instanceof ParallelMeter slots) {
      parallel(slots).hold(reservation.id(), estimate, Meters.leaseExpiry(reservation));
    } else {
      ledger((BudgetMeter) meter, at)
          .reserve(reservation.id(), estimate, Meters.leaseExpiry(reservation));
    }
  }

  private RateWindows rates(RateMeter meter) {
    return rates.computeIfAbsent(meter.id(), id -> new RateWindows());
  }

  private Leases parallel(ParallelMeter meter) {
    return parallel.computeIfAbsent(meter.id(), id -> new Leases());
  }

  private BudgetLedger ledger(BudgetMeter meter, long nowMillis) {
    Period period = new Period(meter.id(), meter.periodId());
    BudgetLedger ledger = budgets.get(period);
    if (ledger == null) {
      // A period is first seen when it begins: the moment to forget periods long over.
      budgets
          .values()
          .removeIf(old -> old.periodEndMillis + Meters.BUDGET_RETENTION_MILLIS < nowMillis);
      ledger = new BudgetLedger(meter.periodEndMillis());
      budgets.put(period, ledger);
    }
    return ledger;
  }
}
