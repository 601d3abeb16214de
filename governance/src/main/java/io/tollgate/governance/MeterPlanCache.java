package io.tollgate.governance;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Snapshot;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plans of one snapshot, kept until their time-dependent parts change: planning names every
 * meter, computes budget periods in their time zones and allocates, which is worth doing once per
 * key, model and user rather than per request.
 */
public final class MeterPlanCache {

  /** Beyond this many cached plans (many distinct end users) the cache starts over. */
  static final int MAX_PLANS = 50_000;

  private record PlanKey(String key, String model, String user) {}

  private final Snapshot snapshot;
  private final Map<PlanKey, MeterPlan> plans = new ConcurrentHashMap<>();

  public MeterPlanCache(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Whether this cache holds plans of {@code other}. */
  public boolean isFor(Snapshot other) {
    return snapshot == other;
  }

  /** As {@link MeterPlanner#plan}, for a key of this cache's snapshot. */
  public MeterPlan plan(ClientKey key, String model, String user, long nowMillis) {
    if (key.governance().isEmpty() && snapshot.team(key.team()) == null) {
      return MeterPlan.NONE;
    }
    PlanKey id = new PlanKey(key.keySha256(), model, user);
    MeterPlan plan = plans.get(id);
    if (plan == null || nowMillis >= plan.validUntilMillis()) {
      plan = MeterPlanner.plan(snapshot, key, model, user, Instant.ofEpochMilli(nowMillis));
      if (plans.size() >= MAX_PLANS) {
        plans.clear();
      }
      plans.put(id, plan);
    }
    return plan;
  }
}
