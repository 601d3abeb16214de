package io.tollgate.config.compile;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Route;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The snapshot checksum: SHA-256 over a canonical text of the compiled content. Routes and keys are
 * written in a fixed order and every value is length-prefixed, so equal content gives an equal
 * checksum whatever the file order, and no two different contents share a text. Credentials enter
 * only as their SHA-256, so the text never holds a secret.
 */
final class SnapshotChecksum {

  private SnapshotChecksum() {}

  static String of(Collection<Route> routes, Collection<ClientKey> keys) {
    return KeyHashes.sha256Hex(canonicalText(routes, keys));
  }

  static String canonicalText(Collection<Route> routes, Collection<ClientKey> keys) {
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
                field(out, backend.baseUrl().toString());
                field(out, backend.apiKey() == null ? null : KeyHashes.sha256Hex(backend.apiKey()));
                out.append('\n');
              }
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
              out.append('\n');
            });
    return out.toString();
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
