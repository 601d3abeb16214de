package io.tollgate.config.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code v1/Secret} read from a manifest file, with {@code data} already base64-decoded and
 * {@code stringData} merged over it. Its {@link #toString()} never shows values.
 *
 * @param namespace the Secret's namespace ({@code default} when the manifest sets none)
 * @param name the Secret's name
 * @param values the decoded values by key
 * @param origin where it was read
 */
public record LoadedSecret(
    String namespace, String name, Map<String, String> values, ManifestOrigin origin) {

  public LoadedSecret {
    values = Map.copyOf(values);
  }

  /** {@code namespace/name}. */
  public String namespacedName() {
    return namespace + "/" + name;
  }

  /** E.g. {@code Secret default/openai-credentials}. */
  public String describe() {
    return "Secret " + namespacedName();
  }

  /** The value under {@code key}, or null. */
  public String value(String key) {
    return values.get(key);
  }

  @Override
  public String toString() {
    return "LoadedSecret["
        + namespacedName()
        + ", keys="
        + new TreeMap<>(values).keySet()
        + ", origin="
        + origin
        + "]";
  }
}
