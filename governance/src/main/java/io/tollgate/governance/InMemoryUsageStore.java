package io.tollgate.governance;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts meters in this proxy's memory: the store of a single proxy, and the fallback of a shared
 * store that does not answer. Decides exactly as {@link RedisUsageStore} does.
 *
 * <p>Event loops of several threads call it; each scope has its own lock, held only for the few map
 * operations of one call, so scopes never wait on each other and nothing blocks for long.
 */
public final class InMemoryUsageStore implements UsageStore {

  private final ConcurrentMap<String, ScopeUsage> scopes = new ConcurrentHashMap<>();

  @Override
  public Future<Admission> reserve(Reservation reservation) {
    ScopeUsage scope = scope(reservation.scope());
    synchronized (scope) {
      return Future.succeededFuture(scope.reserve(reservation));
    }
  }

  @Override
  public Future<Settlement> settle(Reservation reservation, Actual actual, long nowMillis) {
    ScopeUsage scope = scope(reservation.scope());
    synchronized (scope) {
      return Future.succeededFuture(scope.settle(reservation, actual, nowMillis));
    }
  }

  @Override
  public Future<BudgetUsage> budgetUsage(String scopeName, String budgetId, String periodId) {
    ScopeUsage scope = scopes.get(scopeName);
    if (scope == null) {
      return Future.succeededFuture(new BudgetUsage(0, 0));
    }
    synchronized (scope) {
      return Future.succeededFuture(scope.budgetUsage(budgetId, periodId));
    }
  }

  private ScopeUsage scope(String name) {
    return scopes.computeIfAbsent(name, n -> new ScopeUsage());
  }
}
