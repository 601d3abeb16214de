package io.tollgate.governance;

import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The shared store (Redis) with this proxy's memory behind it: when the shared store fails or does
 * not answer within the timeout, each meter's {@link StoreFailurePolicy} decides. A reservation
 * with a fail-closed meter is refused ({@link Admission#storeUnavailable()}); any other is decided
 * on the local store ({@link Admission#degraded()}). After a failure the shared store is skipped
 * for a back-off, then probed again; recovery needs nobody.
 *
 * <p>Settlements never lose spend: one the shared store cannot take now (it is down, or the
 * reservation was admitted locally) is applied locally, so local decisions see it, and queued to be
 * replayed to the shared store when it answers again.
 *
 * <p>Local counters are this proxy's alone: during an outage each proxy allows a limit's full
 * amount. A shared call that times out may still be applied late; its reservation then lapses with
 * its lease, and a settlement that timed out may be counted twice by its replay (over-counting is
 * the side to err on).
 */
public final class FailoverUsageStore implements UsageStore {

  private static final Logger LOG = Logger.getLogger(FailoverUsageStore.class);
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_QUEUED = 100_000;
  // Locally admitted reservations that are never settled are forgotten after their lease; checked
  // every this many admissions, so the sweep costs nothing per request.
  private static final int SWEEP_EVERY = 1024;

  private final UsageStore shared;
  private final UsageStore local;
  private final SharedStoreBreaker breaker;
  private final SettlementBacklog backlog;
  private final long backoffMillis;
  // Reservations admitted on the local store, with their lease expiry: their settlement must not
  // correct estimates the shared store never charged.
  private final Map<String, Long> localAdmissions = new ConcurrentHashMap<>();
  private final AtomicLong localAdmissionCount = new AtomicLong();
  private final AtomicLong degradedDecisions = new AtomicLong();
  private final AtomicLong unavailableRefusals = new AtomicLong();

  /** With a 1 s back-off and room for 100 000 queued settlements. */
  public FailoverUsageStore(UsageStore shared, UsageStore local, Vertx vertx, Duration timeout) {
    this(
        shared,
        local,
        vertx,
        timeout,
        DEFAULT_BACKOFF,
        DEFAULT_MAX_QUEUED,
        crossed ->
            LOG.infof(
                "Budget %s crossed %d%% (replayed settlement)",
                crossed.meter().id(), crossed.percent()));
  }

  /**
   * @param timeout how long a call may wait for the shared store, e.g. 100 ms
   * @param backoff how long the shared store is skipped after a failure before it is probed again
   * @param maxQueuedSettlements settlements kept for replay; beyond it the oldest are dropped
   * @param replayedCrossings alert thresholds crossed when queued settlements reach the shared
   *     store
   */
  public FailoverUsageStore(
      UsageStore shared,
      UsageStore local,
      Vertx vertx,
      Duration timeout,
      Duration backoff,
      int maxQueuedSettlements,
      Consumer<CrossedThreshold> replayedCrossings) {
    this.shared = shared;
    this.local = local;
    this.breaker = new SharedStoreBreaker(vertx, timeout, backoff);
    this.backlog =
        new SettlementBacklog(
            maxQueuedSettlements, shared, breaker, vertx, backoff, replayedCrossings);
    this.backoffMillis = backoff.toMillis();
  }

  @Override
  public Future<Admission> reserve(Reservation reservation) {
    if (!breaker.tryAcquire()) {
      return decideWithoutShared(reservation);
    }
    return breaker
        .call(() -> shared.reserve(reservation))
        .onSuccess(admission -> backlog.replay())
        .recover(failure -> decideWithoutShared(reservation));
  }

  @Override
  public Future<Settlement> settle(Reservation reservation, Actual actual, long nowMillis) {
    if (localAdmissions.remove(reservation.id()) != null) {
      // The shared store never charged its estimates: it is to add the whole actual usage.
      backlog.add(
          new SettlementBacklog.Pending(Meters.withoutEstimates(reservation), actual, nowMillis));
      return local.settle(reservation, actual, nowMillis);
    }
    if (!breaker.tryAcquire()) {
      return settleLocally(reservation, actual, nowMillis);
    }
    return breaker
        .call(() -> shared.settle(reservation, actual, nowMillis))
        .onSuccess(settlement -> backlog.replay())
        .recover(failure -> settleLocally(reservation, actual, nowMillis));
  }

  /** From the shared store only: local counters hold just an outage's share of the spend. */
  @Override
  public Future<BudgetUsage> budgetUsage(String scope, String budgetId, String periodId) {
    if (!breaker.tryAcquire()) {
      return Future.failedFuture(
          new IllegalStateException("The shared usage store is unavailable"));
    }
    return breaker.call(() -> shared.budgetUsage(scope, budgetId, periodId));
  }

  /** Whether the shared store answered the last call. */
  public boolean available() {
    return breaker.available();
  }

  /** Reservations decided on local counters because the shared store did not answer. */
  public long degradedDecisions() {
    return degradedDecisions.get();
  }

  /** Reservations refused because a fail-closed meter could not be checked. */
  public long unavailableRefusals() {
    return unavailableRefusals.get();
  }

  /** Settlements waiting to be replayed to the shared store. */
  public int queuedSettlements() {
    return backlog.size();
  }

  /** Settlements dropped because the queue was full: spend the shared store will never see. */
  public long droppedSettlements() {
    return backlog.dropped();
  }

  /** Settlements replayed to the shared store after an outage. */
  public long replayedSettlements() {
    return backlog.replayed();
  }

  private Future<Admission> decideWithoutShared(Reservation reservation) {
    for (Meter meter : reservation.meters()) {
      if (meter.onStoreFailure() == StoreFailurePolicy.FAIL_CLOSED) {
        unavailableRefusals.incrementAndGet();
        return Future.succeededFuture(unavailable(reservation, meter));
      }
    }
    degradedDecisions.incrementAndGet();
    return local
        .reserve(reservation)
        .map(
            admission -> {
              if (admission.admitted()) {
                rememberLocal(reservation);
              }
              return new Admission(
                  admission.admitted(), admission.refusedBy(), admission.readings(), false, true);
            });
  }

  private Future<Settlement> settleLocally(Reservation reservation, Actual actual, long nowMillis) {
    backlog.add(new SettlementBacklog.Pending(reservation, actual, nowMillis));
    // The local store never charged this reservation's estimates.
    return local.settle(Meters.withoutEstimates(reservation), actual, nowMillis);
  }

  private void rememberLocal(Reservation reservation) {
    localAdmissions.put(reservation.id(), Meters.leaseExpiry(reservation));
    if (localAdmissionCount.incrementAndGet() % SWEEP_EVERY == 0) {
      long now = reservation.atMillis();
      localAdmissions.values().removeIf(expiry -> expiry < now);
    }
  }

  /**
   * Refused by a fail-closed meter whose usage is unknown: readings report nothing used, and a
   * reset when the shared store is next tried.
   */
  private Admission unavailable(Reservation reservation, Meter refusing) {
    long retryAt = reservation.atMillis() + Math.max(backoffMillis, 1000);
    List<MeterReading> readings = new ArrayList<>();
    MeterReading refusedBy = null;
    for (Meter meter : reservation.meters()) {
      long limit = Meters.limit(meter);
      MeterReading reading = new MeterReading(meter, limit, 0, limit, retryAt);
      readings.add(reading);
      if (meter == refusing) {
        refusedBy = reading;
      }
    }
    return new Admission(false, refusedBy, readings, true, false);
  }
}
