package io.tollgate.operator.snapshot;

import io.tollgate.config.compile.SnapshotChecksum;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.operator.apikey.KeySecretLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each resource contributed to a snapshot, as a hash by {@link ResourceKeys} key, so the
 * publisher can tell which snapshot version first held a resource as it is now.
 */
final class ResourceFingerprints {

  private ResourceFingerprints() {}

  static Map<String, String> of(Snapshot snapshot) {
    Map<String, String> out = new HashMap<>();
    for (Route route : snapshot.routes().values()) {
      out.put(key("ModelRoute", route.resource()), hash(List.of(route), List.of(), List.of()));
    }
    Map<String, List<ClientKey>> keysByResource = new HashMap<>();
    for (ClientKey key : snapshot.keysBySha256().values()) {
      String resource = key.name().replace(KeySecretLayout.PREVIOUS_NAME_SUFFIX, "");
      keysByResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(key);
    }
    keysByResource.forEach(
        (resource, keys) -> out.put(key("ApiKey", resource), hash(List.of(), keys, List.of())));
    // A TeamBudget takes its whole team's fingerprint: the team's limits may come from a sibling,
    // so a change to one budget of a team counts as a change to each (Ready waits a little longer).
    for (TeamGovernance team : snapshot.teams().values()) {
      String hash = hash(List.of(), List.of(), List.of(team));
      for (Budget budget : team.budgets()) {
        String resource = CountedBudget.teamBudgetResource(budget);
        if (resource != null) {
          out.put(key("TeamBudget", resource), hash);
        }
      }
    }
    return out;
  }

  private static String key(String kind, String namespacedName) {
    return ResourceKeys.ofNamespacedName(kind, namespacedName);
  }

  private static String hash(List<Route> routes, List<ClientKey> keys, List<TeamGovernance> teams) {
    return KeyHashes.sha256Hex(SnapshotChecksum.canonicalText(routes, keys, teams));
  }
}
