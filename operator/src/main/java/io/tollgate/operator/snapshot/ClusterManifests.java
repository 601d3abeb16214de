package io.tollgate.operator.snapshot;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.tollgate.config.load.LoadedManifests;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.load.LoadedSecret;
import io.tollgate.config.load.ManifestOrigin;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.TeamBudget;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the API server holds into the compiler's input, so the operator compiles exactly as
 * standalone mode does. Resources are ordered oldest first: when two clash (say, the same public
 * model), the compiler reports the later one, so the newcomer is the one rejected.
 */
final class ClusterManifests {

  /** Compile errors name their source; in a cluster that is the API server. */
  static final ManifestOrigin ORIGIN = new ManifestOrigin("cluster", 1, 1);

  private ClusterManifests() {}

  static LoadedManifests of(
      Collection<ModelRoute> routes,
      Collection<ApiKey> keys,
      Collection<TeamBudget> teamBudgets,
      Collection<Secret> secrets) {
    return new LoadedManifests(
        loaded(routes),
        loaded(keys),
        loaded(teamBudgets),
        secrets.stream().map(ClusterManifests::secret).toList(),
        List.of(),
        List.of());
  }

  private static <T extends HasMetadata> List<LoadedResource<T>> loaded(Collection<T> resources) {
    List<T> ordered = new ArrayList<>(resources);
    ordered.sort(
        Comparator.comparing(
                (T r) ->
                    r.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : r.getMetadata().getCreationTimestamp())
            .thenComparing(ResourceKeys::of));
    return ordered.stream().map(r -> new LoadedResource<>(r, ORIGIN)).toList();
  }

  /** Decodes {@code data} and merges {@code stringData} over it, as the API server does. */
  static LoadedSecret secret(Secret secret) {
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (key, base64) -> {
                String text = utf8(base64);
                if (text != null) {
                  values.put(key, text);
                }
              });
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return new LoadedSecret(
        secret.getMetadata().getNamespace(), secret.getMetadata().getName(), values, ORIGIN);
  }

  /** The value as text, or null when it is binary (no credential Tollgate reads is binary). */
  private static String utf8(String base64) {
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(base64);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }
}
