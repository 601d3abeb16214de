package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three {@link RedisUsageStore}s, each with its own connections like three proxy replicas, share
 * one Redis: limits and budgets hold across them under concurrent bursts.
 */
class RedisSharedByProxiesTest {

  private static final long T0 = UsageStoreContract.T0;
  private static final long PERIOD_END = UsageStoreContract.PERIOD_END;
  private static final int REQUESTS = 200;

  private static RedisServer server;
  private static Vertx vertx;
  private static final List<Redis> clients = new ArrayList<>();
  private static final List<RedisUsageStore> proxies = new ArrayList<>();

  private final String scope = "team/default/" + UUID.randomUUID();

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    vertx = Vertx.vertx();
    for (int i = 0; i < 3; i++) {
      Redis client = Redis.createClient(vertx, server.clientOptions());
      clients.add(client);
      proxies.add(new RedisUsageStore(client));
    }
  }

  @AfterAll
  static void stopRedis() {
    clients.forEach(Redis::close);
    Await.result(vertx.close());
    server.close();
  }

  @Test
  void aHardBudgetEndsAtMostOneRequestOverItsLimit() throws Exception {
    long limit = 10_000;
    long maxCost = 300;
    BudgetMeter budget =
        new BudgetMeter(
            "team-budget/default/search",
            limit,
            "2027-01",
            PERIOD_END,
            true,
            List.of(),
            StoreFailurePolicy.FAIL_OPEN);

    List<Outcome> outcomes =
        burst(
            i -> {
              RedisUsageStore proxy = proxies.get(i % 3);
              Reservation reservation = reservation("b" + i, List.of(budget), maxCost);
              // Each request really costs at most its estimate.
              Actual actual = new Actual(100, 500, 100 + (i * 37L) % (maxCost - 100 + 1));
              return proxy
                  .reserve(reservation)
                  .compose(
                      admission ->
                          admission.admitted()
                              ? proxy
                                  .settle(reservation, actual, T0 + 1)
                                  .map(settled -> new Outcome(true, actual.costNanos()))
                              : Future.succeededFuture(new Outcome(false, 0)));
            });

    long admittedSpend = outcomes.stream().mapToLong(Outcome::cost).sum();
    BudgetUsage usage =
        Await.result(proxies.get(0).budgetUsage(scope, budget.id(), budget.periodId()));
    assertThat(usage.reservedNanos()).isZero();
    assertThat(usage.spentNanos()).isEqualTo(admittedSpend).isLessThanOrEqualTo(limit + maxCost);
    assertThat(outcomes).anyMatch(outcome -> !outcome.admitted());
  }

  @Test
  void requestsPerMinuteAreExactAcrossProxies() throws Exception {
    RateMeter rpm =
        new RateMeter("key/default/alice/rpm", Measure.REQUESTS, 50, StoreFailurePolicy.FAIL_OPEN);
    List<Outcome> outcomes =
        burst(
            i ->
                proxies
                    .get(i % 3)
                    .reserve(reservation("r" + i, List.of(rpm), 0))
                    .map(admission -> new Outcome(admission.admitted(), 0)));
    assertThat(outcomes.stream().filter(Outcome::admitted)).hasSize(50);
  }

  @Test
  void eachAlertThresholdFiresOnceAcrossProxies() throws Exception {
    BudgetMeter budget =
        new BudgetMeter(
            "team-budget/default/search",
            10_000,
            "2027-01",
            PERIOD_END,
            false,
            List.of(50, 80, 100),
            StoreFailurePolicy.FAIL_OPEN);
    List<CrossedThreshold> crossed = new java.util.concurrent.CopyOnWriteArrayList<>();
    burst(
        i -> {
          RedisUsageStore proxy = proxies.get(i % 3);
          Reservation reservation = reservation("a" + i, List.of(budget), 100);
          return proxy
              .reserve(reservation)
              .compose(admission -> proxy.settle(reservation, new Actual(1, 1, 100), T0 + 1))
              .map(
                  settlement -> {
                    crossed.addAll(settlement.crossed());
                    return new Outcome(true, 100);
                  });
        });
    assertThat(crossed)
        .extracting(CrossedThreshold::percent)
        .containsExactlyInAnyOrder(50, 80, 100);
  }

  private record Outcome(boolean admitted, long cost) {}

  private Reservation reservation(String id, List<Meter> meters, long costNanos) {
    return new Reservation(scope, id, meters, 100, 500, costNanos, T0, 60_000);
  }

  /** Starts {@link #REQUESTS} requests at once from several threads and waits for them all. */
  private static List<Outcome> burst(IntFunction<Future<Outcome>> request) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Future<Outcome>>> started = new ArrayList<>();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        int index = i;
        started.add(threads.submit(() -> request.apply(index)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (var future : started) {
        outcomes.add(Await.result(future.get(30, TimeUnit.SECONDS)));
      }
      return outcomes;
    } finally {
      threads.shutdown();
    }
  }
}
