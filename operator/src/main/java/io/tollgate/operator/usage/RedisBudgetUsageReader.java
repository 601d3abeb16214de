package io.tollgate.operator.usage;

import io.tollgate.governance.RedisKeys;
import io.tollgate.governance.RedisUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads budget usage from the Redis the proxies count in, with the key and field names of {@link
 * RedisKeys}: one HMGET per read. The Vert.x client is asynchronous; a read waits for it at most
 * the configured timeout, so an unreachable Redis delays a reconcile by that much and never hangs
 * it. Owns its Vert.x instance and pooled client (which reconnects on its own after an outage).
 */
public final class RedisBudgetUsageReader implements BudgetUsageReader {

  /** Connecting to an unreachable host gives up after this; the client's default is a minute. */
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  /** Error texts from the client can be long; a condition message needs only the gist. */
  private static final int MAX_ERROR_LENGTH = 200;

  private final Vertx vertx;
  private final Redis redis;
  private final Duration timeout;
  private final String address;

  private RedisBudgetUsageReader(Vertx vertx, Redis redis, Duration timeout, String address) {
    this.vertx = vertx;
    this.redis = redis;
    this.timeout = timeout;
    this.address = address;
  }

  /** A reader of the Redis {@code settings} name; connects lazily, on the first read. */
  public static RedisBudgetUsageReader connect(RedisSettings settings) {
    if (!settings.configured()) {
      throw new IllegalArgumentException("no Redis URL configured");
    }
    RedisOptions options =
        new RedisOptions()
            .setConnectionString(
                RedisUrls.withUser(settings.url(), settings.username(), settings.password()))
            .setMaxPoolSize(2)
            .setMaxPoolWaiting(64);
    options.getNetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    if (!settings.password().isEmpty()) {
      options.setPassword(settings.password());
    }
    // One event loop is plenty for a read per TeamBudget every few seconds.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    return new RedisBudgetUsageReader(
        vertx,
        Redis.createClient(vertx, options),
        settings.timeout(),
        RedisUrls.withoutCredentials(settings.url()));
  }

  @Override
  public PeriodUsage read(
      String scope, String budgetId, String periodId, Collection<Integer> thresholds)
      throws UsageUnavailableException {
    List<Integer> percents = new ArrayList<>(thresholds);
    Request hmget =
        Request.cmd(Command.HMGET)
            .arg(RedisKeys.budget(scope, budgetId, periodId))
            .arg(RedisKeys.SPENT)
            .arg(RedisKeys.RESERVED);
    percents.forEach(p -> hmget.arg(RedisKeys.ALERTED + p));
    Response response = await(redis.send(hmget));
    Map<Integer, Long> alerts = new LinkedHashMap<>();
    for (int i = 0; i < percents.size(); i++) {
      Response alert = response.get(i + 2);
      if (alert != null) {
        alerts.put(percents.get(i), alert.toLong());
      }
    }
    return new PeriodUsage(longOrZero(response.get(0)), longOrZero(response.get(1)), alerts);
  }

  private Response await(Future<Response> reply) throws UsageUnavailableException {
    try {
      Response response =
          reply
              .toCompletionStage()
              .toCompletableFuture()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response == null) {
        throw new UsageUnavailableException("Redis at " + address + " gave an empty reply", null);
      }
      return response;
    } catch (TimeoutException e) {
      throw new UsageUnavailableException(
          "Redis at " + address + " did not answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new UsageUnavailableException(
          "Redis at " + address + " could not be read: " + gist(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageUnavailableException("interrupted while reading Redis at " + address, e);
    }
  }

  private static String gist(Throwable error) {
    String text =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
  }

  private static long longOrZero(Response value) {
    return value == null ? 0 : value.toLong();
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public void close() {
    redis.close();
    vertx.close();
  }
}
