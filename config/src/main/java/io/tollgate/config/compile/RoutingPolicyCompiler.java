package io.tollgate.config.compile;

import io.tollgate.config.snapshot.CooldownPolicy;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.RetryCondition;
import io.tollgate.config.snapshot.RetryPolicy;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RoutingStrategy;
import io.tollgate.config.snapshot.RuleMatch;
import io.tollgate.config.snapshot.Timeouts;
import io.tollgate.crds.CooldownSpec;
import io.tollgate.crds.ModelRouteSpec;
import io.tollgate.crds.RetrySpec;
import io.tollgate.crds.RoutingRuleSpec;
import io.tollgate.crds.RuleMatchSpec;
import io.tollgate.crds.TimeoutsSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a route's strategy, retry, timeouts, cooldown, fallbacks and rules into a {@link
 * RoutingPolicy}. Fallback targets are checked against the other routes by the snapshot compiler,
 * which knows them all.
 */
final class RoutingPolicyCompiler {

  private static final String STRATEGIES =
      Arrays.stream(RoutingStrategy.values())
          .map(RoutingStrategy::wireName)
          .collect(Collectors.joining(", "));
  private static final String CONDITIONS =
      Arrays.stream(RetryCondition.values())
          .map(RetryCondition::wireName)
          .collect(Collectors.joining(", "));
  private static final Set<String> KINDS = Set.of("chat", "embeddings");

  private RoutingPolicyCompiler() {}

  /** The policy, or null after adding its errors to {@code problems}. */
  static RoutingPolicy compile(
      ModelRouteSpec spec, Set<String> backendNames, String model, RouteProblems problems) {
    int before = problems.count();
    RoutingStrategy strategy =
        spec.getStrategy() == null
            ? RoutingStrategy.WEIGHTED
            : strategy(spec.getStrategy(), "spec.strategy", problems);
    RetryPolicy retry = retry(spec.getRetry(), problems);
    Timeouts timeouts = timeouts(spec.getTimeouts(), problems);
    CooldownPolicy cooldown = cooldown(spec.getCooldown(), problems);
    List<String> fallbacks = fallbacks(spec.getFallbacks(), "spec.fallbacks", model, problems);
    List<String> contextFallbacks =
        fallbacks(spec.getContextWindowFallbacks(), "spec.contextWindowFallbacks", model, problems);
    List<String> policyFallbacks =
        fallbacks(spec.getContentPolicyFallbacks(), "spec.contentPolicyFallbacks", model, problems);
    List<RoutingRule> rules = rules(spec.getRules(), backendNames, problems);
    if (problems.count() > before) {
      return null;
    }
    return new RoutingPolicy(
        strategy, retry, timeouts, cooldown, fallbacks, contextFallbacks, policyFallbacks, rules);
  }

  private static RoutingStrategy strategy(String name, String field, RouteProblems problems) {
    RoutingStrategy strategy = RoutingStrategy.fromWireName(name);
    if (strategy == null) {
      problems.add(field, "unknown strategy '" + name + "'; expected one of " + STRATEGIES);
    }
    return strategy;
  }

  private static RetryPolicy retry(RetrySpec spec, RouteProblems problems) {
    if (spec == null) {
      return RetryPolicy.DEFAULT;
    }
    RetryPolicy defaults = RetryPolicy.DEFAULT;
    int attempts = spec.getAttempts() == null ? defaults.attempts() : spec.getAttempts();
    if (attempts < 1) {
      problems.add(
          "spec.retry.attempts", "attempts counts the first call too, so it is at least 1");
    }
    Duration initial =
        Durations.parse(
            spec.getInitialBackoff(),
            defaults.initialBackoff(),
            "spec.retry.initialBackoff",
            problems);
    Duration max =
        Durations.parse(
            spec.getMaxBackoff(), defaults.maxBackoff(), "spec.retry.maxBackoff", problems);
    Duration maxRetryAfter =
        Durations.parse(
            spec.getMaxRetryAfter(),
            defaults.maxRetryAfter(),
            "spec.retry.maxRetryAfter",
            problems);
    Set<RetryCondition> retryOn = EnumSet.allOf(RetryCondition.class);
    if (spec.getRetryOn() != null) {
      retryOn = EnumSet.noneOf(RetryCondition.class);
      for (int i = 0; i < spec.getRetryOn().size(); i++) {
        String name = spec.getRetryOn().get(i);
        RetryCondition condition = RetryCondition.fromWireName(name);
        if (condition == null) {
          problems.add(
              "spec.retry.retryOn[" + i + "]",
              "unknown failure kind '" + name + "'; expected one of " + CONDITIONS);
        } else {
          retryOn.add(condition);
        }
      }
    }
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      problems.add("spec.retry.maxBackoff", "maxBackoff must not be shorter than initialBackoff");
    }
    if (attempts < 1 || initial == null || max == null || maxRetryAfter == null) {
      return null;
    }
    return new RetryPolicy(attempts, initial, max, retryOn, maxRetryAfter, false);
  }

  private static Timeouts timeouts(TimeoutsSpec spec, RouteProblems problems) {
    if (spec == null) {
      return Timeouts.NONE;
    }
    Duration request = Durations.parse(spec.getRequest(), null, "spec.timeouts.request", problems);
    Duration firstToken =
        Durations.parse(spec.getFirstToken(), null, "spec.timeouts.firstToken", problems);
    Duration idle = Durations.parse(spec.getIdle(), null, "spec.timeouts.idle", problems);
    return new Timeouts(request, firstToken, idle);
  }

  private static CooldownPolicy cooldown(CooldownSpec spec, RouteProblems problems) {
    if (spec == null) {
      return CooldownPolicy.DEFAULT;
    }
    CooldownPolicy defaults = CooldownPolicy.DEFAULT;
    int failures = spec.getFailures() == null ? defaults.failures() : spec.getFailures();
    if (failures < 1) {
      problems.add("spec.cooldown.failures", "failures must be at least 1");
    }
    Duration window =
        Durations.parse(spec.getWindow(), defaults.window(), "spec.cooldown.window", problems);
    Duration duration =
        Durations.parse(
            spec.getDuration(), defaults.duration(), "spec.cooldown.duration", problems);
    if (failures < 1 || window == null || duration == null) {
      return null;
    }
    return new CooldownPolicy(failures, window, duration);
  }

  private static List<String> fallbacks(
      List<String> declared, String field, String model, RouteProblems problems) {
    if (declared == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      String target = declared.get(i);
      if (target == null || target.isBlank()) {
        problems.add(field + "[" + i + "]", "a fallback is the public model name of another route");
      } else if (target.equals(model)) {
        problems.add(field + "[" + i + "]", "a route cannot fall back to itself");
      } else if (!seen.add(target)) {
        problems.add(field + "[" + i + "]", "'" + target + "' is listed twice");
      }
    }
    return declared;
  }

  private static List<RoutingRule> rules(
      List<RoutingRuleSpec> declared, Set<String> backendNames, RouteProblems problems) {
    if (declared == null) {
      return List.of();
    }
    List<RoutingRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      String at = "spec.rules[" + i + "]";
      RoutingRuleSpec spec = declared.get(i);
      int before = problems.count();
      if (spec == null) {
        problems.add(at, "a rule is a mapping with name, match and backends");
        continue;
      }
      if (spec.getName() == null || spec.getName().isBlank()) {
        problems.add(at + ".name", "name is required, e.g. eu-users");
      } else if (!names.add(spec.getName())) {
        problems.add(at + ".name", "duplicate rule name '" + spec.getName() + "'");
      }
      if (spec.getBackends() == null || spec.getBackends().isEmpty()) {
        problems.add(at + ".backends", "name at least one of the route's backends");
      } else {
        for (int b = 0; b < spec.getBackends().size(); b++) {
          String name = spec.getBackends().get(b);
          if (!backendNames.contains(name)) {
            problems.add(
                at + ".backends[" + b + "]",
                "no backend named '" + name + "' in this route; it has " + sorted(backendNames));
          }
        }
      }
      RoutingStrategy strategy =
          spec.getStrategy() == null
              ? null
              : strategy(spec.getStrategy(), at + ".strategy", problems);
      RuleMatch match = match(spec.getMatch(), at + ".match", problems);
      if (problems.count() == before) {
        rules.add(new RoutingRule(spec.getName(), match, spec.getBackends(), strategy));
      }
    }
    return rules;
  }

  private static RuleMatch match(RuleMatchSpec spec, String at, RouteProblems problems) {
    if (spec == null) {
      return RuleMatch.ANY;
    }
    Map<String, Glob> headers = new LinkedHashMap<>();
    if (spec.getHeaders() != null) {
      spec.getHeaders()
          .forEach((name, glob) -> headers.put(name.toLowerCase(Locale.ROOT), globOf(glob)));
    }
    Map<String, Glob> metadata = new LinkedHashMap<>();
    if (spec.getMetadata() != null) {
      spec.getMetadata().forEach((key, glob) -> metadata.put(key, globOf(glob)));
    }
    Set<String> kinds = new HashSet<>();
    if (spec.getKinds() != null) {
      for (int i = 0; i < spec.getKinds().size(); i++) {
        String kind = spec.getKinds().get(i);
        if (!KINDS.contains(kind)) {
          problems.add(
              at + ".kinds[" + i + "]", "unknown kind '" + kind + "'; expected chat or embeddings");
        } else {
          kinds.add(kind);
        }
      }
    }
    int minPromptTokens = spec.getMinPromptTokens() == null ? 0 : spec.getMinPromptTokens();
    if (minPromptTokens < 0) {
      problems.add(at + ".minPromptTokens", "must not be negative");
      minPromptTokens = 0;
    }
    return new RuleMatch(
        headers,
        globs(spec.getKeys()),
        spec.getTeams() == null ? Set.of() : Set.copyOf(spec.getTeams()),
        globs(spec.getUsers()),
        kinds,
        minPromptTokens,
        metadata);
  }

  private static Glob globOf(String text) {
    return Glob.of(text == null ? "" : text);
  }

  private static List<Glob> globs(List<String> texts) {
    return texts == null ? List.of() : texts.stream().map(RoutingPolicyCompiler::globOf).toList();
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
