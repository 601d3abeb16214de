package io.tollgate.governance;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts meters in Redis shared by every proxy, so limits and budgets hold across replicas. Each
 * {@link #reserve} and each {@link #settle} is one Lua script ({@code reserve.lua}, {@code
 * settle.lua} next to this class) run by EVALSHA in one round trip, atomic over all meters of the
 * reservation. Time is the caller's ({@link Reservation#atMillis()}, the settle time), never Redis
 * TIME, so proxies agree on windows and tests can move the clock.
 *
 * <p>Key layout (see {@link RedisKeys}); every key of a scope is tagged {@code {scope}} so Redis
 * Cluster keeps them in one slot, and the scripts name every key in KEYS:
 *
 * <ul>
 *   <li>{@code tollgate:{scope}:rate:<meterId>:<window>} string, the count of one 60 s window
 *       (requests or tokens); expires 2 windows after its last write.
 *   <li>{@code tollgate:{scope}:parallel:<meterId>} sorted set, member = reservation id, score =
 *       lease expiry (epoch ms); leases past expiry are removed before counting.
 *   <li>{@code tollgate:{scope}:budget:<budgetId>:<periodId>} hash: {@code spent} and {@code
 *       reserved} (nano-USD), {@code alerted:<percent>} = spend when that threshold fired.
 *   <li>{@code ...:budget:<budgetId>:<periodId>:leases} sorted set of outstanding reservations
 *       (score = lease expiry), and {@code ...:amounts} hash reservation id → reserved nano-USD: an
 *       expired reservation's amount is subtracted from {@code reserved} again, never leaked.
 * </ul>
 *
 * <p>Budget keys expire 35 days after the period ends, so the last period stays readable for
 * reports. Amounts are integer nano-USD; the scripts hold them in Lua doubles, exact up to 2^53
 * (about 9 million USD per budget and period).
 *
 * <p>The {@link Redis} client is the caller's (it owns its life): a pooled client from {@code
 * Redis.createClient(vertx, options)} reconnects on its own. Give its pool room to queue ({@code
 * setMaxPoolWaiting}) for bursts; the default of 24 refuses more.
 */
public final class RedisUsageStore implements UsageStore {

  /** A window's count lives on through the next window, to take late token corrections. */
  static final long RATE_TTL_MILLIS = 2 * RateMeter.WINDOW_MILLIS;

  private static final LuaScript RESERVE = LuaScript.resource("reserve.lua");
  private static final LuaScript SETTLE = LuaScript.resource("settle.lua");

  private final Redis redis;

  public RedisUsageStore(Redis redis) {
    this.redis = redis;
  }

  @Override
  public Future<Admission> reserve(Reservation reservation) {
    if (reservation.meters().isEmpty()) {
      return Future.succeededFuture(Meters.admission(reservation, -1, new long[0]));
    }
    String scope = reservation.scope();
    long at = reservation.atMillis();
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(reservation.id());
    args.add(Long.toString(at));
    for (Meter meter : reservation.meters()) {
      long estimate = Meters.estimate(meter, reservation);
      if (meter instanceof RateMeter rate) {
        keys.add(RedisKeys.rate(scope, rate.id(), RateMeter.window(at)));
        add(args, "r", rate.limit(), estimate, RATE_TTL_MILLIS);
      } else if (meter instanceof ParallelMeter slots) {
        keys.add(RedisKeys.parallel(scope, slots.id()));
        // The set outlives its longest lease; a minute's margin absorbs clock skew between proxies.
        long ttl = reservation.leaseMillis() + RateMeter.WINDOW_MILLIS;
        add(args, "p", slots.limit(), Meters.leaseExpiry(reservation), ttl);
      } else {
        BudgetMeter budget = (BudgetMeter) meter;
        addBudgetKeys(keys, scope, budget);
        add(args, "b", budget.limitNanos(), budget.hard() ? 1 : 0, estimate);
        add(
            args,
            Meters.leaseExpiry(reservation),
            budgetTtl(budget, at, reservation.leaseMillis()));
      }
    }
    return RESERVE.run(redis, keys, args).map(response -> admission(reservation, response));
  }

  @Override
  public Future<Settlement> settle(Reservation reservation, Actual actual, long nowMillis) {
    String scope = reservation.scope();
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    List<Meter> settled = new ArrayList<>();
    args.add(reservation.id());
    for (Meter meter : reservation.meters()) {
      if (meter instanceof RateMeter rate) {
        long correction = Meters.correction(rate, reservation, actual);
        if (correction == 0) {
          continue; // request meters, and estimates that were right
        }
        keys.add(RedisKeys.rate(scope, rate.id(), RateMeter.window(reservation.atMillis())));
        add(args, "t", correction, RATE_TTL_MILLIS);
      } else if (meter instanceof ParallelMeter slots) {
        keys.add(RedisKeys.parallel(scope, slots.id()));
        args.add("p");
      } else {
        BudgetMeter budget = (BudgetMeter) meter;
        addBudgetKeys(keys, scope, budget);
        add(args, "b", actual.costNanos(), budgetTtl(budget, nowMillis, 0));
        args.add(Integer.toString(budget.alertThresholds().size()));
        for (int percent : budget.alertThresholds()) {
          add(args, percent, Meters.thresholdNanos(budget.limitNanos(), percent));
        }
      }
      settled.add(meter);
    }
    if (settled.isEmpty()) {
      return Future.succeededFuture(Settlement.NONE);
    }
    return SETTLE.run(redis, keys, args).map(response -> settlement(settled, response));
  }

  @Override
  public Future<BudgetUsage> budgetUsage(String scope, String budgetId, String periodId) {
    Request read =
        Request.cmd(Command.HMGET)
            .arg(RedisKeys.budget(scope, budgetId, periodId))
            .arg(RedisKeys.SPENT)
            .arg(RedisKeys.RESERVED);
    return redis
        .send(read)
        .map(response -> new BudgetUsage(longOrZero(response.get(0)), longOrZero(response.get(1))));
  }

  private static Admission admission(Reservation reservation, Response response) {
    long[] used = new long[reservation.meters().size()];
    for (int i = 0; i < used.length; i++) {
      used[i] = response.get(i + 1).toLong();
    }
    return Meters.admission(reservation, response.get(0).toInteger() - 1, used);
  }

  private static Settlement settlement(List<Meter> settled, Response response) {
    if (response.size() == 0) {
      return Settlement.NONE;
    }
    List<CrossedThreshold> crossed = new ArrayList<>();
    for (int i = 0; i + 2 < response.size(); i += 3) {
      BudgetMeter budget = (BudgetMeter) settled.get(response.get(i).toInteger() - 1);
      crossed.add(
          new CrossedThreshold(
              budget, response.get(i + 1).toInteger(), response.get(i + 2).toLong()));
    }
    return new Settlement(crossed);
  }

  private static void addBudgetKeys(List<String> keys, String scope, BudgetMeter budget) {
    keys.add(RedisKeys.budget(scope, budget.id(), budget.periodId()));
    keys.add(RedisKeys.budgetLeases(scope, budget.id(), budget.periodId()));
    keys.add(RedisKeys.budgetAmounts(scope, budget.id(), budget.periodId()));
  }

  /** Budget keys outlive the period (and any lease taken in it) by the retention. */
  private static long budgetTtl(BudgetMeter budget, long nowMillis, long leaseMillis) {
    long untilEnd = Math.max(budget.periodEndMillis() - nowMillis, leaseMillis);
    return Math.max(untilEnd, 0) + Meters.BUDGET_RETENTION_MILLIS;
  }

  private static void add(List<String> args, Object... values) {
    for (Object value : values) {
      args.add(value.toString());
    }
  }

  private static long longOrZero(Response value) {
    return value == null ? 0 : value.toLong();
  }
}
