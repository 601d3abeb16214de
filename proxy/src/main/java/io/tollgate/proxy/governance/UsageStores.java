package io.tollgate.proxy.governance;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.governance.FailoverUsageStore;
import io.tollgate.governance.InMemoryUsageStore;
import io.tollgate.governance.RedisUrls;
import io.tollgate.governance.RedisUsageStore;
import io.tollgate.governance.UsageStore;
import io.tollgate.proxy.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The usage store limits and budgets are counted in: Redis shared by all proxies when {@code
 * tollgate.redis.url} is set (with this proxy's memory as the fallback of fail-open limits), this
 * proxy's memory otherwise.
 */
@ApplicationScoped
public class UsageStores {

  private static final Logger LOG = Logger.getLogger(UsageStores.class);

  @Produces
  @Singleton
  UsageStore usageStore(
      GatewayConfig config, Vertx vertx, MeterRegistry registry, BudgetAlerts alerts) {
    GatewayConfig.Redis redis = config.redis();
    if (redis.url().isEmpty() || redis.url().get().isBlank()) {
      LOG.info("Limits and budgets are counted in memory (set tollgate.redis.url to share them)");
      return new InMemoryUsageStore();
    }
    RedisOptions options =
        new RedisOptions()
            .setConnectionString(
                RedisUrls.withUser(
                    redis.url().get(), redis.username().orElse(""), redis.password().orElse("")))
            .setMaxPoolSize(redis.maxPoolSize())
            .setMaxPoolWaiting(1024);
    // The default connect timeout is a minute: pooled connections to an unreachable host would
    // stay stuck that long after an outage ends.
    options.getNetClientOptions().setConnectTimeout(1000);
    redis.password().ifPresent(options::setPassword);
    LOG.infof(
        "Limits and budgets are counted in Redis at %s (timeout %s)",
        RedisUrls.withoutCredentials(redis.url().get()), redis.timeout());
    FailoverUsageStore store =
        new FailoverUsageStore(
            new RedisUsageStore(Redis.createClient(vertx, options)),
            new InMemoryUsageStore(),
            vertx,
            redis.timeout(),
            FailoverUsageStore.DEFAULT_BACKOFF,
            FailoverUsageStore.DEFAULT_MAX_QUEUED,
            alerts::fireReplayed);
    Gauge.builder("tollgate.usage.store.available", store, s -> s.available() ? 1 : 0)
        .description("1 while Redis answers; 0 while limits run on their failure policy")
        .register(registry);
    Gauge.builder("tollgate.usage.store.queued.settlements", store, s -> s.queuedSettlements())
        .description("Settlements made while Redis was away, waiting to be replayed to it")
        .register(registry);
    FunctionCounter.builder(
            "tollgate.usage.store.dropped.settlements", store, s -> s.droppedSettlements())
        .description("Settlements lost because the replay queue was full during a long outage")
        .register(registry);
    return store;
  }
}
