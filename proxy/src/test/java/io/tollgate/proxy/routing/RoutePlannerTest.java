package io.tollgate.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RoutingStrategy;
import io.tollgate.config.snapshot.RuleMatch;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The strategies' orders. Statistical checks draw 20,000 plans from a seeded generator; the
 * tolerances are about six standard deviations, so a correct strategy never fails them and a wrong
 * one (say, ignoring weights) always does.
 */
class RoutePlannerTest {

  private static final int DRAWS = 20_000;
  private final BackendStates states =
      new BackendStates(new SimpleMeterRegistry(), Clock.systemUTC());
  private final RoutePlanner planner = new RoutePlanner(states);
  private final RandomGenerator random = new SplittableRandom(42);

  private static Backend backend(String name, int weight, int priority, Pricing pricing) {
    return new Backend(
        name,
        Provider.OPENAI_COMPATIBLE,
        "m",
        URI.create("http://" + name + ":8000/v1"),
        null,
        weight,
        priority,
        BackendCapacity.UNLIMITED,
        pricing);
  }

  private static Route route(
      RoutingStrategy strategy, List<RoutingRule> rules, Backend... backends) {
    RoutingPolicy defaults = RoutingPolicy.DEFAULT;
    return new Route(
        "chat",
        "default/chat",
        List.of(backends),
        new RoutingPolicy(
            strategy,
            defaults.retry(),
            defaults.timeouts(),
            defaults.cooldown(),
            List.of(),
            List.of(),
            List.of(),
            rules));
  }

  private static List<UpstreamTarget> targets(Route route) {
    return route.backends().stream().map(b -> UpstreamTarget.of(route, b)).toList();
  }

  private static RequestFacts facts(MultiMap headers) {
    ClientKey key =
        new ClientKey("default/alice", "search", "0".repeat(64), List.of("*"), Set.of("chat"));
    return new RequestFacts("chat", key, headers, "u-1", Map.of(), 100, false);
  }

  private Map<String, Integer> firstPicks(Route route, RequestFacts facts) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      String first =
          planner.plan(route, targets(route), facts, random).candidates().get(0).backend().name();
      counts.merge(first, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void weightedPicksInProportionToWeight() {
    Route route =
        route(
            RoutingStrategy.WEIGHTED,
            List.of(),
            backend("a", 3, 0, null),
            backend("b", 1, 0, null));
    Map<String, Integer> picks = firstPicks(route, facts(MultiMap.caseInsensitiveMultiMap()));
    // Expected 0.75; sd = sqrt(.75*.25/20000) = 0.003; tolerance 0.02.
    assertThat(picks.get("a") / (double) DRAWS).isCloseTo(0.75, within(0.02));
  }

  @Test
  void weightZeroBackendsServeOnlyAsFailover() {
    Route route =
        route(
            RoutingStrategy.WEIGHTED,
            List.of(),
            backend("spare", 0, 0, null),
            backend("a", 1, 0, null),
            backend("b", 1, 0, null));
    for (int i = 0; i < 1000; i++) {
      List<UpstreamTarget> order =
          planner
              .plan(route, targets(route), facts(MultiMap.caseInsensitiveMultiMap()), random)
              .candidates();
      assertThat(order.get(2).backend().name()).isEqualTo("spare");
    }
  }

  @Test
  void priorityUsesTheLowestTierFirstAndWeightsWithinIt() {
    Route route =
        route(
            RoutingStrategy.PRIORITY,
            List.of(),
            backend("backup", 1, 1, null),
            backend("a", 1, 0, null),
            backend("b", 1, 0, null));
    Map<String, Integer> picks = firstPicks(route, facts(MultiMap.caseInsensitiveMultiMap()));
    assertThat(picks).doesNotContainKey("backup");
    assertThat(picks.get("a") / (double) DRAWS).isCloseTo(0.5, within(0.025));
    List<UpstreamTarget> order =
        planner
            .plan(route, targets(route), facts(MultiMap.caseInsensitiveMultiMap()), random)
            .candidates();
    assertThat(order.get(2).backend().name()).isEqualTo("backup");
  }

  @Test
  void leastBusyPicksTheBackendWithFewestInFlight() {
    Route route =
        route(
            RoutingStrategy.LEAST_BUSY,
            List.of(),
            backend("a", 1, 0, null),
            backend("b", 1, 0, null),
            backend("c", 1, 0, null));
    List<UpstreamTarget> targets = targets(route);
    load(targets.get(0), 3);
    load(targets.get(2), 1);
    for (int i = 0; i < 200; i++) {
      List<String> order =
          planner
              .plan(route, targets, facts(MultiMap.caseInsensitiveMultiMap()), random)
              .candidates()
              .stream()
              .map(t -> t.backend().name())
              .toList();
      assertThat(order).containsExactly("b", "c", "a");
    }
  }

  @Test
  void leastBusySpreadsEvenlyAmongEquallyIdleBackends() {
    Route route =
        route(
            RoutingStrategy.LEAST_BUSY,
            List.of(),
            backend("a", 1, 0, null),
            backend("b", 1, 0, null));
    Map<String, Integer> picks = firstPicks(route, facts(MultiMap.caseInsensitiveMultiMap()));
    assertThat(picks.get("a") / (double) DRAWS).isCloseTo(0.5, within(0.025));
  }

  private void load(UpstreamTarget target, int requests) {
    BackendState state = states.of(target.stateKey());
    for (int i = 0; i < requests; i++) {
      assertThat(state.tryAcquire(0, BackendCapacity.UNLIMITED, true)).isNull();
    }
  }

  @Test
  void costPicksTheCheapestAndPutsUnpricedLast() {
    Route route =
        route(
            RoutingStrategy.COST,
            List.of(),
            backend("unpriced", 1, 0, null),
            backend("dear", 1, 0, new Pricing(2.5, 10, 1.25)),
            backend("cheap", 1, 0, new Pricing(0.15, 0.6, 0.075)));
    List<String> order =
        planner
            .plan(route, targets(route), facts(MultiMap.caseInsensitiveMultiMap()), random)
            .candidates()
            .stream()
            .map(t -> t.backend().name())
            .toList();
    assertThat(order).containsExactly("cheap", "dear", "unpriced");
  }

  @Test
  void latencyPrefersTheFastestButExploresTheOthers() {
    Route route =
        route(
            RoutingStrategy.LATENCY,
            List.of(),
            backend("slow", 1, 0, null),
            backend("fast", 1, 0, null));
    List<UpstreamTarget> targets = targets(route);
    states.of(targets.get(0).stateKey()).recordSuccess(400_000_000L, 0);
    states.of(targets.get(1).stateKey()).recordSuccess(50_000_000L, 0);
    Map<String, Integer> picks = firstPicks(route, facts(MultiMap.caseInsensitiveMultiMap()));
    // Exploration puts a random one of two first 10% of the time: "slow" leads 5% of plans.
    assertThat(picks.get("slow") / (double) DRAWS).isCloseTo(0.05, within(0.01));
  }

  @Test
  void latencyTriesUnmeasuredBackendsFirst() {
    Route route =
        route(
            RoutingStrategy.LATENCY,
            List.of(),
            backend("known", 1, 0, null),
            backend("new", 1, 0, null));
    List<UpstreamTarget> targets = targets(route);
    states.of(targets.get(0).stateKey()).recordSuccess(10_000_000L, 0);
    Map<String, Integer> picks = firstPicks(route, facts(MultiMap.caseInsensitiveMultiMap()));
    assertThat(picks.get("new") / (double) DRAWS).isGreaterThan(0.9);
  }

  @Test
  void theFirstMatchingRuleChoosesTheBackendsAndMayChangeTheStrategy() {
    RuleMatch eu =
        new RuleMatch(
            Map.of("x-user-region", Glob.of("eu-*")),
            List.of(),
            Set.of(),
            List.of(),
            Set.of(),
            0,
            Map.of());
    Route route =
        route(
            RoutingStrategy.WEIGHTED,
            List.of(
                new RoutingRule("eu-users", eu, List.of("eu-2", "eu-1"), RoutingStrategy.PRIORITY),
                new RoutingRule("everyone", RuleMatch.ANY, List.of("us"), null)),
            backend("us", 1, 0, null),
            backend("eu-1", 1, 0, null),
            backend("eu-2", 1, 1, null));
    MultiMap euHeaders = MultiMap.caseInsensitiveMultiMap().add("X-User-Region", "eu-west");
    RoutePlanner.Plan plan = planner.plan(route, targets(route), facts(euHeaders), random);
    assertThat(plan.rule().name()).isEqualTo("eu-users");
    assertThat(plan.candidates().stream().map(t -> t.backend().name()))
        .containsExactly("eu-1", "eu-2");
    RoutePlanner.Plan other =
        planner.plan(route, targets(route), facts(MultiMap.caseInsensitiveMultiMap()), random);
    assertThat(other.rule().name()).isEqualTo("everyone");
    assertThat(other.candidates().stream().map(t -> t.backend().name())).containsExactly("us");
  }
}
