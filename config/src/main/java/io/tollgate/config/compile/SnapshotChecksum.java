package io.tollgate.config.compile;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.LimitWindow;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RuleMatch;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import java.time.DayOfWeek;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshot checksum: SHA-256 over a canonical text of the compiled content. Routes and keys are
 * written in a fixed order and every value is length-prefixed, so equal content gives an equal
 * checksum whatever the file order, and no two different contents share a text. Credentials (and
 * alert webhook URLs) enter only as their SHA-256, so the text never holds a secret. Limits,
 * budgets and teams are written only where set, so a snapshot without them has the text it had
 * before they existed.
 */
public final class SnapshotChecksum {

  private SnapshotChecksum() {}

  /** The checksum of a snapshot without teams. */
  public static String of(Collection<Route> routes, Collection<ClientKey> keys) {
    return of(routes, keys, List.of());
  }

  /** The checksum {@link Snapshot#checksum()} must carry. */
  public static String of(
      Collection<Route> routes, Collection<ClientKey> keys, Collection<TeamGovernance> teams) {
    return KeyHashes.sha256Hex(canonicalText(routes, keys, teams));
  }

  /** The checksum {@code snapshot}'s content has, to check the one it carries. */
  public static String of(Snapshot snapshot) {
    return of(
        snapshot.routes().values(), snapshot.keysBySha256().values(), snapshot.teams().values());
  }

  /** The canonical text of a snapshot without teams. */
  public static String canonicalText(Collection<Route> routes, Collection<ClientKey> keys) {
    return canonicalText(routes, keys, List.of());
  }

  /**
   * The canonical text the checksum is taken over; also lets callers fingerprint one route, key or
   * team.
   */
  public static String canonicalText(
      Collection<Route> routes, Collection<ClientKey> keys, Collection<TeamGovernance> teams) {
    StringBuilder out = new StringBuilder();
    routes.stream()
        .sorted(Comparator.comparing(Route::model))
        .forEach(
            route -> {
              out.append("route");
              field(out, route.model());
              field(out, route.resource());
              out.append('\n');
              for (Backend backend : route.backends()) {
                out.append(" backend");
                field(out, backend.name());
                field(out, backend.provider().wireName());
                field(out, backend.upstreamModel());
                field(out, backend.baseUrl() == null ? null : backend.baseUrl().toString());
                field(out, backend.apiKey() == null ? null : KeyHashes.sha256Hex(backend.apiKey()));
                field(out, backend.weight() + "/" + backend.priority());
                field(out, String.valueOf(backend.capacity()));
                field(out, String.valueOf(backend.pricing()));
                if (backend.azureApiVersion() != null) {
                  field(out, backend.azureApiVersion());
                }
                if (backend.aws() != null) {
                  field(out, backend.aws().region());
                  field(out, backend.aws().roleArn());
                }
                if (backend.sagemaker() != null) {
                  field(out, String.valueOf(backend.sagemaker()));
                }
                if (backend.entra() != null) {
                  field(out, String.valueOf(backend.entra()));
                }
                out.append('\n');
              }
              policy(out, route.policy());
            });
    keys.stream()
        .sorted(Comparator.comparing(ClientKey::name))
        .forEach(
            key -> {
              out.append("key");
              field(out, key.name());
              field(out, key.team());
              field(out, key.keySha256());
              list(out, key.modelGlobs());
              list(out, key.allowedModels());
              if (key.expiresAt() != null) {
                field(out, key.expiresAt().toString());
              }
              out.append('\n');
              governance(out, key.governance());
            });
    teams.stream()
        .sorted(Comparator.comparing(TeamGovernance::team))
        .forEach(
            team -> {
              out.append("team");
              field(out, team.team());
              out.append('\n');
              limits(out, "team", team.limits());
              team.budgets().forEach(budget -> budget(out, budget));
            });
    return out.toString();
  }

  /** A key's limits and budgets, one line each, only those set. */
  private static void governance(StringBuilder out, KeyGovernance governance) {
    limits(out, "key", governance.limits());
    if (governance.budget() != null) {
      budget(out, governance.budget());
    }
    limits(out, "per-user", governance.perUserLimits());
    if (governance.perUserBudget() != null) {
      budget(out, governance.perUserBudget());
    }
    new TreeMap<>(governance.perModelLimits())
        .forEach((model, limits) -> limits(out, "model " + model, limits));
  }

  private static void limits(StringBuilder out, String subject, Limits limits) {
    if (limits.isEmpty()) {
      return;
    }
    out.append(" limits");
    field(out, subject);
    field(out, String.valueOf(limits.requestsPerMinute()));
    field(out, String.valueOf(limits.tokensPerMinute()));
    field(out, limits.tokenCounting().name());
    field(out, String.valueOf(limits.maxParallelRequests()));
    field(out, limits.onStoreFailure().name());
    out.append(" (").append(limits.windows().size()).append(')');
    for (LimitWindow window : limits.windows()) {
      field(out, window.timeZone().getId());
      ordered(out, window.days().stream().sorted().map(DayOfWeek::name).toList());
      field(out, window.start().toString());
      field(out, window.end().toString());
      field(out, String.valueOf(window.requestsPerMinute()));
      field(out, String.valueOf(window.tokensPerMinute()));
      field(out, String.valueOf(window.maxParallelRequests()));
    }
    out.append('\n');
  }

  private static void budget(StringBuilder out, Budget budget) {
    out.append(" budget");
    field(out, budget.name());
    field(out, Long.toString(budget.limitNanos()));
    field(out, budget.period().name());
    field(out, budget.timeZone().getId());
    ordered(out, budget.alertThresholds().stream().map(String::valueOf).toList());
    field(out, budget.hard() ? "hard" : "soft");
    list(out, budget.models());
    field(out, budget.onStoreFailure().name());
    field(
        out,
        budget.alertWebhookUrl() == null ? null : KeyHashes.sha256Hex(budget.alertWebhookUrl()));
    out.append('\n');
  }

  /** The routing policy in a fixed order: sets and maps sorted, lists as declared. */
  private static void policy(StringBuilder out, RoutingPolicy policy) {
    out.append(" policy");
    field(out, policy.strategy().wireName());
    field(out, String.valueOf(policy.retry()));
    field(out, String.valueOf(policy.timeouts()));
    field(out, String.valueOf(policy.cooldown()));
    ordered(out, policy.fallbacks());
    ordered(out, policy.contextWindowFallbacks());
    ordered(out, policy.contentPolicyFallbacks());
    out.append('\n');
    for (RoutingRule rule : policy.rules()) {
      RuleMatch match = rule.match();
      out.append(" rule");
      field(out, rule.name());
      field(out, rule.strategy() == null ? null : rule.strategy().wireName());
      ordered(out, rule.backends());
      list(out, globMap(match.headers()));
      ordered(out, match.keys().stream().map(Glob::glob).toList());
      list(out, match.teams());
      ordered(out, match.users().stream().map(Glob::glob).toList());
      list(out, match.kinds());
      field(out, Integer.toString(match.minPromptTokens()));
      list(out, globMap(match.metadata()));
      out.append('\n');
    }
  }

  private static List<String> globMap(Map<String, Glob> map) {
    return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().glob()).toList();
  }

  /** A list whose order matters. */
  private static void ordered(StringBuilder out, List<String> values) {
    out.append(" (").append(values.size()).append(')');
    values.forEach(value -> field(out, value));
  }

  private static void list(StringBuilder out, Collection<String> values) {
    List<String> sorted = values.stream().sorted().toList();
    out.append(" [").append(sorted.size()).append(']');
    sorted.forEach(value -> field(out, value));
  }

  /** {@code " -"} for null, else {@code " <length>:<value>"}. */
  private static void field(StringBuilder out, String value) {
    if (value == null) {
      out.append(" -");
    } else {
      out.append(' ').append(value.length()).append(':').append(value);
    }
  }
}
