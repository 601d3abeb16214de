package io.tollgate.governance;

import java.util.ArrayList;
import java.util.List;

/** The arithmetic both usage stores share, so memory and Redis decide alike. */
final class Meters {

  /**
   * How long a budget's usage is kept after its period ended, so the last period can still be
   * reported (a monthly report runs some days into the next month).
   */
  static final long BUDGET_RETENTION_MILLIS = 35L * 24 * 60 * 60 * 1000;

  /** What a parallel reading promises as the time a slot frees: a guess, not a lease end. */
  static final long PARALLEL_RETRY_MILLIS = 1000;

  private Meters() {}

  static long limit(Meter meter) {
    if (meter instanceof RateMeter rate) {
      return rate.limit();
    } else if (meter instanceof ParallelMeter parallel) {
      return parallel.limit();
    }
    return ((BudgetMeter) meter).limitNanos();
  }

  /** What admitting the reservation charges the meter: the estimate settlement corrects. */
  static long estimate(Meter meter, Reservation reservation) {
    if (meter instanceof RateMeter rate) {
      return rate.measure().of(reservation.inputTokens(), reservation.outputTokens());
    } else if (meter instanceof ParallelMeter) {
      return 1;
    }
    return reservation.costNanos();
  }

  /** Whether a meter whose count is {@code used} (without this request) admits one more. */
  static boolean hasRoom(Meter meter, long used) {
    if (meter instanceof BudgetMeter budget && !budget.hard()) {
      return true;
    }
    return used < limit(meter);
  }

  /** What settling changes on a rate meter: the real usage minus the charged estimate. */
  static long correction(RateMeter meter, Reservation reservation, Actual actual) {
    return meter.measure().of(actual.inputTokens(), actual.outputTokens())
        - meter.measure().of(reservation.inputTokens(), reservation.outputTokens());
  }

  /** When a lease taken by the reservation lapses if it is never settled. */
  static long leaseExpiry(Reservation reservation) {
    return reservation.atMillis() + reservation.leaseMillis();
  }

  /**
   * Spend at which an alert threshold fires: {@code floor(limit * percent / 100)} without overflow.
   */
  static long thresholdNanos(long limitNanos, int percent) {
    return limitNanos / 100 * percent + limitNanos % 100 * percent / 100;
  }

  /**
   * The reservation as seen by a store that never charged its estimates (it was admitted on another
   * store): settling it adds the full actual usage and removes nothing.
   */
  static Reservation withoutEstimates(Reservation reservation) {
    return new Reservation(
        reservation.scope(),
        reservation.id(),
        reservation.meters(),
        0,
        0,
        0,
        reservation.atMillis(),
        reservation.leaseMillis());
  }

  static MeterReading reading(Meter meter, long used, long atMillis) {
    long limit = limit(meter);
    return new MeterReading(
        meter, limit, used, Math.max(0, limit - used), resetAt(meter, atMillis));
  }

  /**
   * The admission for per-meter counts.
   *
   * @param refused index of the first meter without room, or -1 when all were charged
   * @param used per meter, including this request's charge when admitted
   */
  static Admission admission(Reservation reservation, int refused, long[] used) {
    List<Meter> meters = reservation.meters();
    List<MeterReading> readings = new ArrayList<>(meters.size());
    for (int i = 0; i < meters.size(); i++) {
      readings.add(reading(meters.get(i), used[i], reservation.atMillis()));
    }
    MeterReading refusedBy = refused < 0 ? null : readings.get(refused);
    return new Admission(refused < 0, refusedBy, readings, false, false);
  }

  private static long resetAt(Meter meter, long atMillis) {
    if (meter instanceof RateMeter) {
      return RateMeter.windowEnd(atMillis);
    } else if (meter instanceof ParallelMeter) {
      return atMillis + PARALLEL_RETRY_MILLIS;
    }
    return ((BudgetMeter) meter).periodEndMillis();
  }
}
