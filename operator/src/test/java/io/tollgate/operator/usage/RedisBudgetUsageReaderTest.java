package io.tollgate.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.governance.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading a budget's hash from a real Redis, and giving up in bounded time when it is away. */
class RedisBudgetUsageReaderTest {

  private static final String SCOPE = "team/reader";
  private static final String BUDGET = "team-budget/default/reader";

  static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static RedisSettings settings(String url, Duration timeout) {
    return new RedisSettings(url, "", "", timeout);
  }

  private static void hset(String key, String... fieldsAndValues) throws Exception {
    Vertx vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, redis.clientOptions());
    try {
      Request hset = Request.cmd(Command.HSET).arg(key);
      for (String arg : fieldsAndValues) {
        hset.arg(arg);
      }
      client.send(hset).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
      vertx.close();
    }
  }

  @Test
  void readsSpendReservationsAndTheAlertsOfTheThresholdsAskedFor() throws Exception {
    hset(
        io.tollgate.governance.RedisKeys.budget(SCOPE, BUDGET, "2026-11"),
        "spent",
        "1250000000",
        "reserved",
        "40000000",
        "alerted:50",
        "1000000000",
        "alerted:10",
        "300000000");
    try (RedisBudgetUsageReader reader =
        RedisBudgetUsageReader.connect(settings(redis.url(), Duration.ofSeconds(5)))) {

      PeriodUsage usage = reader.read(SCOPE, BUDGET, "2026-11", List.of(50, 80, 100));

      assertThat(usage.spentNanos()).isEqualTo(1_250_000_000L);
      assertThat(usage.reservedNanos()).isEqualTo(40_000_000L);
      assertThat(usage.alerts())
          .as("80 and 100 did not fire; 10 was not asked for")
          .containsExactly(Map.entry(50, 1_000_000_000L));
      assertThat(reader.read(SCOPE, BUDGET, "2026-12", List.of(80))).isEqualTo(PeriodUsage.NONE);
    }
  }

  @Test
  void aServerThatNeverAnswersCostsTheTimeoutNotAHang() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (RedisBudgetUsageReader reader =
          RedisBudgetUsageReader.connect(
              settings("redis://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300)))) {

        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read(SCOPE, BUDGET, "2026-11", List.of(80)))
            .isInstanceOf(UsageUnavailableException.class)
            .hasMessage(
                "Redis at redis://127.0.0.1:"
                    + silent.getLocalPort()
                    + " did not answer within 300 ms");
        // A hang would be the client's own minute-long default; the bound is far below it.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void noServerAtAllSaysWhy() {
    RedisServer gone = RedisServer.start();
    String url = gone.url();
    gone.close();
    try (RedisBudgetUsageReader reader =
        RedisBudgetUsageReader.connect(settings(url, Duration.ofSeconds(5)))) {

      assertThatThrownBy(() -> reader.read(SCOPE, BUDGET, "2026-11", List.of(80)))
          .isInstanceOf(UsageUnavailableException.class)
          .hasMessageStartingWith("Redis at " + url + " could not be read: ");
    }
  }
}
