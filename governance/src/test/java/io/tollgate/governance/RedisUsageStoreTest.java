package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisUsageStoreTest extends UsageStoreContract {

  private static RedisServer server;
  private static Vertx vertx;
  private static Redis client;

  private final RedisUsageStore store = new RedisUsageStore(client);

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

  @Override
  UsageStore store() {
    return store;
  }

  @Test
  void keysFollowTheDocumentedLayout() {
    RateMeter rpm = rpm(10);
    ParallelMeter parallel = new ParallelMeter("key/default/alice/parallel", 2, open());
    BudgetMeter budget = budget(1000, true, List.of());
    reserve("r1", T0 + 5, 300, rpm, parallel, budget);

    String rate = RedisKeys.rate(scope, rpm.id(), RateMeter.window(T0));
    assertThat(rate).isEqualTo("tollgate:{" + scope + "}:rate:key/default/alice/rpm:30000000");
    assertThat(redis(Command.GET, rate).toLong()).isEqualTo(1);
    assertThat(redis(Command.PTTL, rate).toLong()).isBetween(1L, 120_000L);

    String slots = RedisKeys.parallel(scope, parallel.id());
    assertThat(redis(Command.ZSCORE, slots, "r1").toLong()).isEqualTo(T0 + 5 + LEASE);

    String usage = RedisKeys.budget(scope, budget.id(), budget.periodId());
    assertThat(usage)
        .isEqualTo("tollgate:{" + scope + "}:budget:team-budget/default/search:2027-01");
    assertThat(redis(Command.HGET, usage, RedisKeys.RESERVED).toLong()).isEqualTo(300);
    assertThat(redis(Command.HGET, usage + ":amounts", "r1").toLong()).isEqualTo(300);
    assertThat(redis(Command.ZSCORE, usage + ":leases", "r1").toLong()).isEqualTo(T0 + 5 + LEASE);
    // Kept for reports well past the period's end.
    assertThat(redis(Command.PTTL, usage).toLong()).isGreaterThan(Meters.BUDGET_RETENTION_MILLIS);
  }

  @Test
  void aFiredThresholdIsMarkedInTheBudgetHash() {
    BudgetMeter budget = budget(1000, false, List.of(50));
    settleSpend(budget, 700);
    String usage = RedisKeys.budget(scope, budget.id(), budget.periodId());
    assertThat(redis(Command.HGET, usage, RedisKeys.ALERTED + "50").toLong()).isEqualTo(700);
    assertThat(redis(Command.HGET, usage, RedisKeys.SPENT).toLong()).isEqualTo(700);
  }

  @Test
  void scriptsAreSentAgainWhenRedisForgotThem() {
    RateMeter rpm = rpm(10);
    reserve("before", T0, rpm);
    redis(Command.SCRIPT, "FLUSH");
    assertThat(used(store.reserve(reservation("after", T0 + 1, rpm)))).isEqualTo(2);
  }

  private static Response redis(Command command, String... args) {
    Request request = Request.cmd(command);
    for (String arg : args) {
      request.arg(arg);
    }
    return Await.result(client.send(request));
  }
}
