package io.tollgate.operator.teambudget;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.governance.Actual;
import io.tollgate.governance.Admission;
import io.tollgate.governance.MeterPlan;
import io.tollgate.governance.MeterPlanner;
import io.tollgate.governance.RedisServer;
import io.tollgate.governance.RedisUsageStore;
import io.tollgate.governance.Reservation;
import io.tollgate.governance.Settlement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Spends from a team's budgets the way a proxy does: the meters planned from the published snapshot
 * for a key of the team, reserved and settled in Redis by {@link RedisUsageStore}. The operator
 * must find the spend without knowing more of the key layout than the proxies share.
 */
final class ProxySpending implements AutoCloseable {

  private static final Duration HANG = Duration.ofSeconds(30);

  private final Vertx vertx = Vertx.vertx();
  private final Redis redis;
  private final RedisUsageStore store;

  ProxySpending(RedisServer server) {
    this.redis = Redis.createClient(vertx, server.clientOptions());
    this.store = new RedisUsageStore(redis);
  }

  /** One request of a key of {@code team} that cost {@code costNanos}, settled at {@code at}. */
  Settlement spend(Snapshot snapshot, String team, long costNanos, Instant at) {
    ClientKey key =
        new ClientKey(
            "apps/" + team + "-service",
            team,
            KeyHashes.sha256Hex(team + "-key"),
            List.of("*"),
            Set.of("gpt-4o"));
    MeterPlan plan = MeterPlanner.plan(snapshot, key, "gpt-4o", null, at);
    if (!plan.countsSpend()) {
      throw new AssertionError("the snapshot holds no budget of team " + team);
    }
    Reservation reservation =
        new Reservation(
            plan.scope(),
            UUID.randomUUID().toString(),
            plan.meters(),
            100,
            100,
            costNanos,
            at.toEpochMilli(),
            Duration.ofMinutes(5).toMillis());
    Admission admission = await(store.reserve(reservation));
    if (!admission.admitted()) {
      throw new AssertionError("refused: " + admission);
    }
    return await(store.settle(reservation, new Actual(100, 100, costNanos), at.toEpochMilli()));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(HANG.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Redis did not answer", e);
    }
  }

  @Override
  public void close() {
    redis.close();
    vertx.close();
  }
}
