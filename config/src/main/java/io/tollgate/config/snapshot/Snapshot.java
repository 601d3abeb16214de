package io.tollgate.config.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable, compiled configuration a proxy serves from. Swapped atomically as a whole; a
 * request reads one snapshot for its whole life.
 *
 * @param version increases with each successful compile by the same source (file watcher or
 *     operator); used to tell which configuration a proxy serves
 * @param checksum lowercase hex SHA-256 over the compiled content; equal checksums mean equal
 *     behaviour, so a reload that yields the same checksum changes nothing
 * @param routes by public model name, in a stable (sorted) order
 * @param keysBySha256 by {@link ClientKey#keySha256()}
 * @param teams limits and budgets shared by a team's keys, by team name
 */
public record Snapshot(
    long version,
    String checksum,
    Map<String, Route> routes,
    Map<String, ClientKey> keysBySha256,
    Map<String, TeamGovernance> teams) {

  /** A snapshot without team limits or budgets. */
  public Snapshot(
      long version,
      String checksum,
      Map<String, Route> routes,
      Map<String, ClientKey> keysBySha256) {
    this(version, checksum, routes, keysBySha256, Map.of());
  }

  public Snapshot {
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative");
    }
    if (checksum == null || !checksum.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("checksum must be 64 lowercase hex characters");
    }
    routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    keysBySha256 = Map.copyOf(keysBySha256);
    teams = Map.copyOf(teams);
    routes.forEach(
        (model, route) -> {
          if (!model.equals(route.model())) {
            throw new IllegalArgumentException("route keyed " + model + " is " + route.model());
          }
        });
    for (Route route : routes.values()) {
      RoutingPolicy policy = route.policy();
      for (List<String> targets :
          List.of(
              policy.fallbacks(),
              policy.contextWindowFallbacks(),
              policy.contentPolicyFallbacks())) {
        for (String model : targets) {
          if (!routes.containsKey(model)) {
            throw new IllegalArgumentException(
                "route " + route.model() + " falls back to unknown model " + model);
          }
        }
      }
    }
    for (ClientKey key : keysBySha256.values()) {
      for (String model : key.allowedModels()) {
        if (!routes.containsKey(model)) {
          throw new IllegalArgumentException(key.name() + " allows unknown model " + model);
        }
      }
    }
  }

  /** The route for a public model name, or null. */
  public Route route(String model) {
    return routes.get(model);
  }

  /** The key whose SHA-256 is given, or null. */
  public ClientKey keyBySha256(String sha256Hex) {
    return keysBySha256.get(sha256Hex);
  }

  /** A team's shared limits and budgets, or null when it has none. */
  public TeamGovernance team(String team) {
    return team == null ? null : teams.get(team);
  }

  /** The routes a key may use, in the snapshot's stable order. */
  public List<Route> routesFor(ClientKey key) {
    return routes.values().stream().filter(r -> key.mayUse(r.model())).toList();
  }
}
