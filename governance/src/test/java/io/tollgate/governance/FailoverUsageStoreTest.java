package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failover store against a real Redis that is stopped and started mid-test, a Redis that never
 * answers, and one that is not there at all. Bounds only catch hangs; no timing is asserted.
 */
class FailoverUsageStoreTest {

  private static final long T0 = UsageStoreContract.T0;
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration BACKOFF = Duration.ofMillis(200);

  /** Far more than the timeout: completing within it proves no hang, not speed. */
  private static final Duration NO_HANG = Duration.ofSeconds(2);

  private static final Duration EVENTUALLY = Duration.ofSeconds(20);

  private static RedisServer server;
  private static Vertx vertx;
  private static Redis client;

  private final String scope = "team/default/" + UUID.randomUUID();
  private final RedisUsageStore redis = new RedisUsageStore(client);
  private final InMemoryUsageStore local = new InMemoryUsageStore();
  private final List<CrossedThreshold> replayedCrossings = new CopyOnWriteArrayList<>();
  private final FailoverUsageStore store =
      new FailoverUsageStore(redis, local, vertx, TIMEOUT, BACKOFF, 1000, replayedCrossings::add);

  private final RateMeter openRpm = rpm("open", StoreFailurePolicy.FAIL_OPEN);
  private final RateMeter closedRpm = rpm("closed", StoreFailurePolicy.FAIL_CLOSED);

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    vertx = Vertx.vertx();
    client = Redis.createClient(vertx, server.clientOptions());
  }

  @AfterAll
  static void stopRedis() {
    client.close();
    Await.result(vertx.close());
    server.close();
  }

  /**
   * Redis runs, and the client is connected with the scripts loaded, so a test's first call is not
   * a cold one that could exceed the timeout. After a restart the first calls may still hit
   * connections to the old server, hence the retries.
   */
  @BeforeEach
  void redisAnswers() {
    server.startAgain();
    RedisUsageStore direct = new RedisUsageStore(client);
    awaitTrue(
        () ->
            Await.result(direct.reserve(warmUp()).map(true).otherwise(false), EVENTUALLY)
                && Await.result(
                    direct.settle(warmUp(), Actual.NOTHING, T0).map(true).otherwise(false),
                    EVENTUALLY));
  }

  @Test
  void whenRedisStopsFailOpenMetersAreDecidedLocallyAndFailClosedOnesRefused() {
    Admission shared = reserve("up", openRpm, closedRpm);
    assertThat(shared.admitted()).isTrue();
    assertThat(shared.degraded()).isFalse();

    server.stop();
    Admission open = Await.result(store.reserve(reservation("open", 0, openRpm)), NO_HANG);
    assertThat(open.admitted()).isTrue();
    assertThat(open.degraded()).isTrue();
    assertThat(open.readings().get(0).used()).isEqualTo(1); // local counters start afresh

    Admission closed =
        Await.result(store.reserve(reservation("closed", 0, openRpm, closedRpm)), NO_HANG);
    assertThat(closed.admitted()).isFalse();
    assertThat(closed.storeUnavailable()).isTrue();
    assertThat(closed.refusedBy().meter()).isEqualTo(closedRpm);
    assertThat(closed.readings()).hasSize(2);

    assertThat(store.available()).isFalse();
    assertThat(store.degradedDecisions()).isEqualTo(1);
    assertThat(store.unavailableRefusals()).isEqualTo(1);
  }

  @Test
  void settlementsMadeWhileRedisIsDownAreReplayedWhenItIsBack() {
    BudgetMeter budget =
        new BudgetMeter(
            "team-budget/default/search",
            2000,
            "2027-01",
            UsageStoreContract.PERIOD_END,
            true,
            List.of(50),
            StoreFailurePolicy.FAIL_OPEN);
    Reservation onRedis = reservation("on-redis", 1000, budget);
    assertThat(reserve(onRedis).degraded()).isFalse();

    server.stop();
    Await.result(store.settle(onRedis, new Actual(1, 1, 700), T0 + 1), NO_HANG);
    Reservation onLocal = reservation("on-local", 1000, budget);
    Admission local = Await.result(store.reserve(onLocal), NO_HANG);
    assertThat(local.admitted()).isTrue();
    assertThat(local.degraded()).isTrue();
    Await.result(store.settle(onLocal, new Actual(1, 1, 300), T0 + 2), NO_HANG);

    assertThat(store.queuedSettlements()).isEqualTo(2);
    assertThat(Await.result(this.local.budgetUsage(scope, budget.id(), "2027-01")))
        .isEqualTo(new BudgetUsage(1000, 0));

    // Redis comes back empty; the queued spend reaches it without any new request.
    server.startAgain();
    awaitTrue(() -> store.queuedSettlements() == 0 && store.replayedSettlements() == 2);
    assertThat(Await.result(redis.budgetUsage(scope, budget.id(), "2027-01")))
        .isEqualTo(new BudgetUsage(1000, 0));
    assertThat(replayedCrossings).extracting(CrossedThreshold::percent).containsExactly(50);
    assertThat(store.available()).isTrue();
  }

  @Test
  void recoveryNeedsNobody() {
    server.stop();
    assertThat(Await.result(store.reserve(reservation("down", 0, openRpm)), NO_HANG).degraded())
        .isTrue();

    server.startAgain();
    AtomicInteger attempt = new AtomicInteger();
    awaitTrue(
        () ->
            !Await.result(
                    store.reserve(reservation("again" + attempt.incrementAndGet(), 0, openRpm)))
                .degraded());
    assertThat(store.available()).isTrue();
  }

  @Test
  void aRedisThatNeverAnswersIsCutOffByTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Connections complete in the kernel's backlog, and no byte ever comes back.
      Redis hanging =
          Redis.createClient(
              vertx,
              new RedisOptions().setConnectionString("redis://127.0.0.1:" + silent.getLocalPort()));
      try {
        FailoverUsageStore failover =
            new FailoverUsageStore(new RedisUsageStore(hanging), local, vertx, TIMEOUT);
        Admission open = Await.result(failover.reserve(reservation("open", 0, openRpm)), NO_HANG);
        assertThat(open.admitted()).isTrue();
        assertThat(open.degraded()).isTrue();
        Admission closed =
            Await.result(failover.reserve(reservation("closed", 0, closedRpm)), NO_HANG);
        assertThat(closed.storeUnavailable()).isTrue();
      } finally {
        hanging.close();
      }
    }
  }

  @Test
  void afterAFailureRedisIsSkippedForTheBackoff() throws IOException {
    CountingStore absent = new CountingStore(new RedisUsageStore(clientOfNothing()));
    FailoverUsageStore failover =
        new FailoverUsageStore(absent, local, vertx, TIMEOUT, Duration.ofMinutes(5), 10, c -> {});
    for (int i = 0; i < 10; i++) {
      Admission admission =
          Await.result(failover.reserve(reservation("r" + i, 0, openRpm)), NO_HANG);
      assertThat(admission.degraded()).isTrue();
    }
    assertThat(absent.calls.get()).isEqualTo(1);
    assertThat(failover.available()).isFalse();
  }

  @Test
  void theBacklogDropsTheOldestSettlementsWhenFull() throws IOException {
    FailoverUsageStore failover =
        new FailoverUsageStore(
            new RedisUsageStore(clientOfNothing()),
            local,
            vertx,
            TIMEOUT,
            Duration.ofMinutes(5),
            3,
            c -> {});
    for (int i = 0; i < 5; i++) {
      Reservation reservation = reservation("r" + i, 0, openRpm);
      Await.result(failover.reserve(reservation), NO_HANG);
      Await.result(failover.settle(reservation, new Actual(1, 1, 0), T0 + 1), NO_HANG);
    }
    assertThat(failover.queuedSettlements()).isEqualTo(3);
    assertThat(failover.droppedSettlements()).isEqualTo(2);
  }

  // --- fixtures

  private Admission reserve(String id, Meter... meters) {
    return Await.result(store.reserve(reservation(id, 0, meters)));
  }

  private Admission reserve(Reservation reservation) {
    return Await.result(store.reserve(reservation));
  }

  private Reservation reservation(String id, long costNanos, Meter... meters) {
    return new Reservation(scope, id, List.of(meters), 100, 500, costNanos, T0, 60_000);
  }

  private static RateMeter rpm(String name, StoreFailurePolicy policy) {
    return new RateMeter("key/default/alice/" + name, Measure.REQUESTS, 100, policy);
  }

  private static Reservation warmUp() {
    return new Reservation(
        "warm-up",
        "warm-up",
        List.of(rpm("warm-up", StoreFailurePolicy.FAIL_OPEN)),
        1,
        1,
        0,
        T0,
        1);
  }

  /** A client of a port nobody listens on: every connection is refused. */
  private Redis clientOfNothing() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return Redis.createClient(
        vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port));
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENTUALLY.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not true within " + EVENTUALLY);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Counts the calls that reach the shared store. */
  private static final class CountingStore implements UsageStore {
    final AtomicInteger calls = new AtomicInteger();
    private final UsageStore store;

    CountingStore(UsageStore store) {
      this.store = store;
    }

    @Override
    public Future<Admission> reserve(Reservation reservation) {
      calls.incrementAndGet();
      return store.reserve(reservation);
    }

    @Override
    public Future<Settlement> settle(Reservation reservation, Actual actual, long nowMillis) {
      calls.incrementAndGet();
      return store.settle(reservation, actual, nowMillis);
    }

    @Override
    public Future<BudgetUsage> budgetUsage(String scope, String budgetId, String periodId) {
      calls.incrementAndGet();
      return store.budgetUsage(scope, budgetId, periodId);
    }
  }
}
