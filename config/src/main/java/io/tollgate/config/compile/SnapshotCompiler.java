package io.tollgate.config.compile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedManifests;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.pricing.PriceCatalog;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.TeamBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one compiler from resources (ModelRoutes, ApiKeys, TeamBudgets and the Secrets they
 * reference) to a {@link Snapshot}, shared by standalone mode and the operator. It reports every
 * problem it finds rather than stopping at the first, so one edit-and-reload cycle can fix them
 * all.
 */
public final class SnapshotCompiler {

  private final PriceCatalog prices;

  /** A compiler pricing backends from the price catalog shipped with Tollgate. */
  public SnapshotCompiler() {
    this(PriceCatalog.bundled());
  }

  /** A compiler pricing backends without a declared price from {@code prices}. */
  public SnapshotCompiler(PriceCatalog prices) {
    this.prices = prices;
  }

  /**
   * Compiles {@code manifests}, including the loader's errors in the result. When two resources
   * clash (same name, same public model, same key value), the later one in load order is the one
   * reported, naming the earlier.
   */
  public Compilation compile(LoadedManifests manifests, long version) {
    List<ConfigError> errors = new ArrayList<>(manifests.errors());
    SecretIndex secrets = new SecretIndex(manifests.secrets(), errors);

    Map<String, Route> routes = new TreeMap<>();
    Map<String, LoadedResource<ModelRoute>> routeByModel = new HashMap<>();
    RouteCompiler routeCompiler = new RouteCompiler(secrets, prices);
    for (LoadedResource<ModelRoute> loaded : unique(manifests.modelRoutes(), errors)) {
      String model = RouteCompiler.publicModel(loaded.resource());
      LoadedResource<ModelRoute> earlier = routeByModel.putIfAbsent(model, loaded);
      if (earlier != null) {
        errors.add(
            new ConfigError(
                loaded.origin().file(),
                loaded.describe(),
                loaded.resource().getSpec() != null
                        && loaded.resource().getSpec().getModel() != null
                    ? "spec.model"
                    : "metadata.name",
                "model '"
                    + model
                    + "' is already served by "
                    + earlier.describe()
                    + " in "
                    + earlier.origin()
                    + "; public model names must be unique"));
      }
      Route route = routeCompiler.compile(loaded, errors);
      if (route != null && earlier == null) {
        routes.put(route.model(), route);
      }
    }

    checkFallbacks(routes, routeByModel, errors);

    Map<String, ClientKey> keysBySha256 = new LinkedHashMap<>();
    Map<String, LoadedResource<ApiKey>> keyOwners = new HashMap<>();
    ApiKeyCompiler keyCompiler = new ApiKeyCompiler(secrets);
    for (LoadedResource<ApiKey> loaded : unique(manifests.apiKeys(), errors)) {
      ClientKey key = keyCompiler.compile(loaded, routes.keySet(), errors);
      if (key == null) {
        continue;
      }
      LoadedResource<ApiKey> earlier = keyOwners.putIfAbsent(key.keySha256(), loaded);
      if (earlier != null) {
        errors.add(
            new ConfigError(
                loaded.origin().file(),
                loaded.describe(),
                "spec.secretRef",
                "the key value is the same as "
                    + earlier.describe()
                    + "'s in "
                    + earlier.origin()
                    + "; every ApiKey needs its own key value"));
      } else {
        keysBySha256.put(key.keySha256(), key);
      }
    }

    Map<String, TeamGovernance> teams =
        teams(unique(manifests.teamBudgets(), errors), routes, secrets, errors);

    if (!errors.isEmpty()) {
      return new Compilation(null, errors);
    }
    String checksum = SnapshotChecksum.of(routes.values(), keysBySha256.values(), teams.values());
    return new Compilation(new Snapshot(version, checksum, routes, keysBySha256, teams), List.of());
  }

  /**
   * Each team's TeamBudgets, by team name, budgets sorted by resource. Only one TeamBudget of a
   * team may set the team's limits; a later one (in load order) that also does is an error.
   */
  private static Map<String, TeamGovernance> teams(
      List<LoadedResource<TeamBudget>> teamBudgets,
      Map<String, Route> routes,
      SecretIndex secrets,
      List<ConfigError> errors) {
    TeamBudgetCompiler compiler = new TeamBudgetCompiler(new BudgetCompiler(secrets));
    Map<String, List<Budget>> budgets = new TreeMap<>();
    Map<String, TeamBudgetCompiler.Compiled> limitsOwners = new HashMap<>();
    for (LoadedResource<TeamBudget> loaded : teamBudgets) {
      TeamBudgetCompiler.Compiled compiled = compiler.compile(loaded, routes.keySet(), errors);
      if (compiled == null) {
        continue;
      }
      if (compiled.limits() != null) {
        TeamBudgetCompiler.Compiled earlier = limitsOwners.putIfAbsent(compiled.team(), compiled);
        if (earlier != null) {
          errors.add(
              new ConfigError(
                  loaded.origin().file(),
                  loaded.describe(),
                  "spec.limits",
                  "team '"
                      + compiled.team()
                      + "' already has limits from "
                      + earlier.loaded().describe()
                      + " in "
                      + earlier.loaded().origin()
                      + "; set a team's limits in one of its TeamBudgets only"));
          continue;
        }
      }
      budgets.computeIfAbsent(compiled.team(), t -> new ArrayList<>()).add(compiled.budget());
    }
    Map<String, TeamGovernance> teams = new TreeMap<>();
    budgets.forEach(
        (team, list) -> {
          TeamBudgetCompiler.Compiled owner = limitsOwners.get(team);
          teams.put(
              team,
              new TeamGovernance(
                  team,
                  owner == null ? Limits.NONE : owner.limits(),
                  list.stream().sorted(Comparator.comparing(Budget::name)).toList()));
        });
    return teams;
  }

  /** Every fallback must name a route of this snapshot. */
  private static void checkFallbacks(
      Map<String, Route> routes,
      Map<String, LoadedResource<ModelRoute>> routeByModel,
      List<ConfigError> errors) {
    for (Route route : routes.values()) {
      LoadedResource<ModelRoute> loaded = routeByModel.get(route.model());
      RoutingPolicy policy = route.policy();
      Map<String, List<String>> lists = new LinkedHashMap<>();
      lists.put("spec.fallbacks", policy.fallbacks());
      lists.put("spec.contextWindowFallbacks", policy.contextWindowFallbacks());
      lists.put("spec.contentPolicyFallbacks", policy.contentPolicyFallbacks());
      lists.forEach(
          (field, targets) -> {
            for (int i = 0; i < targets.size(); i++) {
              if (!routeByModel.containsKey(targets.get(i))) {
                errors.add(
                    new ConfigError(
                        loaded.origin().file(),
                        loaded.describe(),
                        field + "[" + i + "]",
                        "no ModelRoute serves model '"
                            + targets.get(i)
                            + "'; a fallback names another route's public model"));
              }
            }
          });
    }
  }

  /**
   * The resources with a namespace/name not seen before; later duplicates are errors, as applying
   * both to a cluster would silently keep only one.
   */
  private static <T extends HasMetadata> List<LoadedResource<T>> unique(
      List<LoadedResource<T>> resources, List<ConfigError> errors) {
    Map<String, LoadedResource<T>> seen = new HashMap<>();
    List<LoadedResource<T>> unique = new ArrayList<>();
    for (LoadedResource<T> loaded : resources) {
      LoadedResource<T> earlier = seen.putIfAbsent(loaded.namespacedName(), loaded);
      if (earlier == null) {
        unique.add(loaded);
      } else {
        errors.add(
            new ConfigError(
                loaded.origin().file(),
                loaded.describe(),
                "metadata.name",
                "already defined in "
                    + earlier.origin()
                    + "; "
                    + loaded.resource().getKind()
                    + " names must be unique in a namespace"));
      }
    }
    return unique;
  }
}
