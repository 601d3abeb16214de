package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageStore} guarantees, run against each store by a subclass. Time is injected:
 * {@link #T0} starts a rate window, and each test has a scope of its own.
 */
abstract class UsageStoreContract {

  static final long T0 = 1_800_000_000_000L; // 2027-01-15T08:00:00Z, a minute boundary
  static final long PERIOD_END = T0 + 17L * 24 * 60 * 60 * 1000;
  static final long LEASE = 60_000;

  final String scope = "team/default/" + UUID.randomUUID();

  /** The store under test; calls within one test see the same counters. */
  abstract UsageStore store();

  @Test
  void requestsPerMinuteAreExactUnderConcurrency() throws Exception {
    RateMeter rpm = rpm(50);
    List<Future<Admission>> admissions = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Future<Admission>>> submitted = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Reservation reservation = reservation("r" + i, T0 + i, rpm);
        submitted.add(threads.submit(() -> store().reserve(reservation)));
      }
      for (var future : submitted) {
        admissions.add(future.get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdown();
    }

    List<Admission> admitted =
        admissions.stream().map(Await::result).filter(Admission::admitted).toList();
    assertThat(admitted).hasSize(50);
    Set<Long> used =
        admitted.stream().map(a -> a.readings().get(0).used()).collect(Collectors.toSet());
    assertThat(used).isEqualTo(LongStream.rangeClosed(1, 50).boxed().collect(Collectors.toSet()));
  }

  @Test
  void aWindowRollsOverOnTheMinute() {
    RateMeter rpm = rpm(2);
    assertThat(reserve("a", T0 + 1_000, rpm).admitted()).isTrue();
    Admission second = reserve("b", T0 + 2_000, rpm);
    assertThat(second.admitted()).isTrue();
    assertThat(second.readings().get(0)).isEqualTo(new MeterReading(rpm, 2, 2, 0, T0 + 60_000));

    Admission refused = reserve("c", T0 + 59_999, rpm);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refusedBy()).isEqualTo(new MeterReading(rpm, 2, 2, 0, T0 + 60_000));

    Admission nextMinute = reserve("d", T0 + 60_000, rpm);
    assertThat(nextMinute.admitted()).isTrue();
    assertThat(nextMinute.readings().get(0))
        .isEqualTo(new MeterReading(rpm, 2, 1, 1, T0 + 120_000));
  }

  @Test
  void tokenEstimatesAreCorrectedInTheWindowOfAdmission() {
    RateMeter tpm = new RateMeter("key/default/alice/tpm", Measure.TOTAL_TOKENS, 1000, open());
    Reservation first = reservation("a", T0, tpm); // estimate 100 + 500
    assertThat(used(store().reserve(first))).isEqualTo(600);
    assertThat(used(store().reserve(reservation("b", T0 + 1, tpm)))).isEqualTo(1200);
    assertThat(reserve("c", T0 + 2, tpm).admitted()).isFalse();

    // Settled in the next minute, it still corrects the minute it was admitted in: 1200 - 500.
    settle(first, new Actual(50, 50, 0), T0 + 70_000);
    assertThat(used(store().reserve(reservation("d", T0 + 3, tpm)))).isEqualTo(1300);
    assertThat(used(store().reserve(reservation("e", T0 + 61_000, tpm)))).isEqualTo(600);
  }

  @Test
  void parallelLeasesAreHeldUntilSettledOrExpired() {
    ParallelMeter parallel = new ParallelMeter("key/default/alice/parallel", 3, open());
    List<Reservation> held = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Reservation reservation = reservation("p" + i, T0 + i, parallel);
      assertThat(used(store().reserve(reservation))).isEqualTo(i);
      held.add(reservation);
    }
    Admission refused = reserve("p4", T0 + 10, parallel);
    assertThat(refused.refusedBy()).isEqualTo(new MeterReading(parallel, 3, 3, 0, T0 + 1_010));

    settle(held.get(1), new Actual(1, 1, 0), T0 + 20);
    assertThat(reserve("p5", T0 + 30, parallel).admitted()).isTrue();
    assertThat(reserve("p6", T0 + 40, parallel).admitted()).isFalse();

    // A proxy that died mid-request never settles: its slots free when the leases expire.
    long later = T0 + 30 + LEASE;
    for (int i = 1; i <= 3; i++) {
      assertThat(used(store().reserve(reservation("q" + i, later + i, parallel)))).isEqualTo(i);
    }
  }

  @Test
  void aHardBudgetRefusesOnceSpentAndReservedReachTheLimit() {
    BudgetMeter budget = budget(1000, true, List.of());
    List<Reservation> admitted = new ArrayList<>();
    for (long expected : new long[] {400, 800, 1200}) {
      Reservation reservation = reservation("b" + expected, T0, 400, budget);
      assertThat(used(store().reserve(reservation))).isEqualTo(expected);
      admitted.add(reservation);
    }
    assertThat(reserve("b4", T0, 400, budget).refusedBy())
        .isEqualTo(new MeterReading(budget, 1000, 1200, 0, PERIOD_END));
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(0, 1200));

    settle(admitted.get(0), new Actual(100, 500, 100), T0 + 1);
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(100, 800));
    assertThat(used(store().reserve(reservation("b6", T0 + 2, 400, budget)))).isEqualTo(1300);
  }

  @Test
  void aSoftBudgetNeverRefuses() {
    BudgetMeter soft = budget(100, false, List.of());
    assertThat(reserve("a", T0, 400, soft).admitted()).isTrue();
    Admission over = reserve("b", T0, 400, soft);
    assertThat(over.admitted()).isTrue();
    assertThat(over.readings().get(0)).isEqualTo(new MeterReading(soft, 100, 800, 0, PERIOD_END));
  }

  @Test
  void anExpiredBudgetReservationIsReclaimed() {
    BudgetMeter budget = budget(1000, true, List.of());
    assertThat(reserve("a", T0, 1000, budget).admitted()).isTrue();
    assertThat(reserve("b", T0 + 1_000, 1000, budget).admitted()).isFalse();

    Admission afterLease = reserve("c", T0 + LEASE, 1000, budget);
    assertThat(afterLease.admitted()).isTrue();
    assertThat(afterLease.readings().get(0).used()).isEqualTo(1000);
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(0, 1000));
  }

  @Test
  void settlingAfterTheLeaseExpiredStillAddsTheSpend() {
    BudgetMeter budget = budget(1000, true, List.of());
    Reservation slow = reservation("slow", T0, 600, budget);
    assertThat(reserve(slow).admitted()).isTrue();
    assertThat(reserve("next", T0 + LEASE + 1, 300, budget).admitted()).isTrue();
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(0, 300));

    settle(slow, new Actual(100, 400, 500), T0 + LEASE + 2);
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(500, 300));
  }

  @Test
  void settlingAReservationAdmittedElsewhereAddsItsWholeUsage() {
    BudgetMeter budget = budget(1000, true, List.of());
    RateMeter tpm = new RateMeter("key/default/alice/tpm", Measure.OUTPUT_TOKENS, 1000, open());
    Reservation elsewhere = Meters.withoutEstimates(reservation("elsewhere", T0, 0, budget, tpm));
    settle(elsewhere, new Actual(100, 250, 250), T0 + 5);
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(250, 0));

    Admission next = reserve("here", T0 + 6, 100, budget, tpm);
    assertThat(next.readings().get(0).used()).isEqualTo(350);
    assertThat(next.readings().get(1).used()).isEqualTo(250 + 500);
  }

  @Test
  void alertThresholdsFireOnceEach() {
    BudgetMeter budget = budget(1000, false, List.of(50, 80, 100));
    assertThat(settleSpend(budget, 400)).isEmpty();
    assertThat(settleSpend(budget, 200)).containsExactly(new CrossedThreshold(budget, 50, 600));
    assertThat(settleSpend(budget, 300)).containsExactly(new CrossedThreshold(budget, 80, 900));
    assertThat(settleSpend(budget, 50)).isEmpty();
    assertThat(settleSpend(budget, 100)).containsExactly(new CrossedThreshold(budget, 100, 1050));
    assertThat(settleSpend(budget, 500)).isEmpty();
  }

  @Test
  void oneSettlementMayCrossSeveralThresholds() {
    BudgetMeter budget = budget(1000, true, List.of(25, 50, 90));
    assertThat(settleSpend(budget, 600))
        .containsExactly(
            new CrossedThreshold(budget, 25, 600), new CrossedThreshold(budget, 50, 600));
    assertThat(settleSpend(budget, 0)).isEmpty();
  }

  @Test
  void aRefusalChargesNoMeter() {
    RateMeter rpm = rpm(10);
    RateMeter tpm = new RateMeter("key/default/alice/tpm", Measure.TOTAL_TOKENS, 10_000, open());
    BudgetMeter budget = budget(10_000, true, List.of());
    ParallelMeter parallel = new ParallelMeter("key/default/alice/parallel", 1, open());
    Reservation first = reservation("first", T0, 300, rpm, tpm, budget, parallel);
    assertThat(reserve(first).admitted()).isTrue();

    Admission refused = reserve("second", T0 + 1, 300, rpm, tpm, budget, parallel);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refusedBy().meter()).isEqualTo(parallel);
    assertThat(refused.readings())
        .extracting(MeterReading::used)
        .containsExactly(1L, 600L, 300L, 1L);
    assertThat(usage(budget)).isEqualTo(new BudgetUsage(0, 300));

    settle(first, new Actual(100, 500, 300), T0 + 2);
    Admission third = reserve("third", T0 + 3, 300, rpm, tpm, budget, parallel);
    assertThat(third.admitted()).isTrue();
    assertThat(third.readings())
        .extracting(MeterReading::used)
        .containsExactly(2L, 1200L, 600L, 1L);
  }

  @Test
  void periodsAndScopesAreCountedSeparately() {
    BudgetMeter january = budget(1000, true, List.of());
    BudgetMeter february =
        new BudgetMeter(
            january.id(), 1000, "2027-02", PERIOD_END + 28L * 86_400_000, true, List.of(), open());
    Reservation spent = reservation("jan", T0, 1000, january);
    assertThat(reserve(spent).admitted()).isTrue();
    assertThat(reserve("jan2", T0, 1000, january).admitted()).isFalse();
    assertThat(reserve("feb", PERIOD_END + 1, 1000, february).admitted()).isTrue();

    settle(spent, new Actual(1, 1, 700), T0 + 1);
    assertThat(usage(january)).isEqualTo(new BudgetUsage(700, 0));
    assertThat(Await.result(store().budgetUsage(scope, february.id(), "2027-02")))
        .isEqualTo(new BudgetUsage(0, 1000));

    Reservation otherScope =
        new Reservation(
            "team/default/other-" + UUID.randomUUID(),
            "o",
            List.of(january),
            1,
            1,
            1000,
            T0,
            LEASE);
    assertThat(Await.result(store().reserve(otherScope)).admitted()).isTrue();
  }

  @Test
  void aReservationWithoutMetersIsAdmitted() {
    Admission admission = reserve("none", T0, 0);
    assertThat(admission.admitted()).isTrue();
    assertThat(admission.readings()).isEmpty();
    assertThat(settle(reservation("none", T0), Actual.NOTHING, T0).crossed()).isEmpty();
    assertThat(Await.result(store().budgetUsage(scope, "never", "2027-01")))
        .isEqualTo(new BudgetUsage(0, 0));
  }

  // --- fixtures

  static StoreFailurePolicy open() {
    return StoreFailurePolicy.FAIL_OPEN;
  }

  static RateMeter rpm(long limit) {
    return new RateMeter("key/default/alice/rpm", Measure.REQUESTS, limit, open());
  }

  static BudgetMeter budget(long limitNanos, boolean hard, List<Integer> thresholds) {
    return new BudgetMeter(
        "team-budget/default/search", limitNanos, "2027-01", PERIOD_END, hard, thresholds, open());
  }

  /** 100 input and 500 output tokens, costing nothing. */
  Reservation reservation(String id, long atMillis, Meter... meters) {
    return reservation(id, atMillis, 0, meters);
  }

  Reservation reservation(String id, long atMillis, long costNanos, Meter... meters) {
    return new Reservation(scope, id, List.of(meters), 100, 500, costNanos, atMillis, LEASE);
  }

  Admission reserve(Reservation reservation) {
    return Await.result(store().reserve(reservation));
  }

  Admission reserve(String id, long atMillis, Meter... meters) {
    return reserve(reservation(id, atMillis, meters));
  }

  Admission reserve(String id, long atMillis, long costNanos, Meter... meters) {
    return reserve(reservation(id, atMillis, costNanos, meters));
  }

  Settlement settle(Reservation reservation, Actual actual, long nowMillis) {
    return Await.result(store().settle(reservation, actual, nowMillis));
  }

  /** Reserves and settles one request of the budget that really cost {@code costNanos}. */
  List<CrossedThreshold> settleSpend(BudgetMeter budget, long costNanos) {
    Reservation reservation = reservation(UUID.randomUUID().toString(), T0, costNanos, budget);
    reserve(reservation);
    return settle(reservation, new Actual(1, 1, costNanos), T0 + 1).crossed();
  }

  BudgetUsage usage(BudgetMeter budget) {
    return Await.result(store().budgetUsage(scope, budget.id(), budget.periodId()));
  }

  static long used(Future<Admission> admission) {
    Admission result = Await.result(admission);
    assertThat(result.admitted()).as("admitted").isTrue();
    return result.readings().get(0).used();
  }
}
