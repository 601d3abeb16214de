package io.tollgate.proxy.routing;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RoutingStrategy;
import io.tollgate.proxy.upstream.UpstreamTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders a route's backends for one request: the first matching rule picks the pool (and maybe the
 * strategy), the strategy orders it. Attempts then walk the order, skipping backends that are
 * cooling down or full, so a retry naturally moves to the next one.
 */
public final class RoutePlanner {

  /** How often the latency strategy tries a random backend first, so a recovered one is noticed. */
  static final double LATENCY_EXPLORATION = 0.1;

  private final BackendStates states;

  public RoutePlanner(BackendStates states) {
    this.states = states;
  }

  /** The plan for one request; {@code rule} is the matched rule or null. */
  public record Plan(List<UpstreamTarget> candidates, RoutingRule rule) {}

  public Plan plan(
      Route route, List<UpstreamTarget> targets, RequestFacts facts, RandomGenerator random) {
    RoutingRule rule = RuleMatcher.firstMatch(route.policy().rules(), facts);
    RoutingStrategy strategy = route.policy().strategy();
    List<UpstreamTarget> pool = targets;
    if (rule != null) {
      pool = new ArrayList<>(rule.backends().size());
      for (String name : rule.backends()) {
        for (UpstreamTarget target : targets) {
          if (target.backend().name().equals(name)) {
            pool.add(target);
          }
        }
      }
      if (rule.strategy() != null) {
        strategy = rule.strategy();
      }
    }
    return new Plan(order(strategy, pool, facts.stream(), random), rule);
  }

  List<UpstreamTarget> order(
      RoutingStrategy strategy, List<UpstreamTarget> pool, boolean stream, RandomGenerator random) {
    if (pool.size() <= 1) {
      return pool;
    }
    return switch (strategy) {
      case WEIGHTED -> weightedOrder(pool, random);
      case PRIORITY -> sortedThenWeighted(pool, t -> t.backend().priority(), random);
      case LEAST_BUSY -> sortedThenWeighted(pool, t -> inFlight(t), random);
      case COST -> sortedThenWeighted(pool, RoutePlanner::price, random);
      case LATENCY -> latencyOrder(pool, stream, random);
    };
  }

  /**
   * A weighted random permutation: the first place goes to each backend in proportion to its
   * weight, and so on for the rest (keys u^(1/w), largest first). Weight-0 backends come last, in
   * declared order: they serve only as failover.
   */
  static List<UpstreamTarget> weightedOrder(List<UpstreamTarget> pool, RandomGenerator random) {
    int n = pool.size();
    double[] keys = new double[n];
    Integer[] index = new Integer[n];
    for (int i = 0; i < n; i++) {
      int weight = pool.get(i).backend().weight();
      keys[i] = weight == 0 ? -1 - i : Math.pow(random.nextDouble(), 1.0 / weight);
      index[i] = i;
    }
    java.util.Arrays.sort(index, (a, b) -> Double.compare(keys[b], keys[a]));
    List<UpstreamTarget> ordered = new ArrayList<>(n);
    for (Integer i : index) {
      ordered.add(pool.get(i));
    }
    return ordered;
  }

  /** Ascending by a rank; backends of equal rank in weighted random order. */
  private static List<UpstreamTarget> sortedThenWeighted(
      List<UpstreamTarget> pool,
      java.util.function.ToDoubleFunction<UpstreamTarget> rank,
      RandomGenerator random) {
    List<UpstreamTarget> ordered = new ArrayList<>(weightedOrder(pool, random));
    // A stable sort keeps the weighted order among equals.
    ordered.sort(Comparator.comparingDouble(rank));
    return ordered;
  }

  private List<UpstreamTarget> latencyOrder(
      List<UpstreamTarget> pool, boolean stream, RandomGenerator random) {
    List<UpstreamTarget> ordered = sortedThenWeighted(pool, t -> expectedMillis(t, stream), random);
    if (random.nextDouble() < LATENCY_EXPLORATION) {
      UpstreamTarget explored = ordered.remove(random.nextInt(ordered.size()));
      ordered.add(0, explored);
    }
    return ordered;
  }

  private double inFlight(UpstreamTarget target) {
    BackendState state = states.peek(target.stateKey());
    return state == null ? 0 : state.inFlight();
  }

  /** Unmeasured backends rank first, so each gets measured. */
  private double expectedMillis(UpstreamTarget target, boolean stream) {
    BackendState state = states.peek(target.stateKey());
    double millis = state == null ? Double.NaN : state.expectedMillis(stream);
    return Double.isNaN(millis) ? -1 : millis;
  }

  /** Unpriced backends rank after every priced one. */
  private static double price(UpstreamTarget target) {
    Backend backend = target.backend();
    Pricing pricing = backend.pricing();
    return pricing == null ? Double.MAX_VALUE : pricing.blendedPerMillionUsd();
  }
}
