package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.load.LoadedSecret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The loaded Secrets by namespace and name, resolving references to one of their keys. Errors it
 * reports name the Secret and key, never the value.
 */
final class SecretIndex {

  private final Map<String, LoadedSecret> byNamespacedName = new LinkedHashMap<>();

  /** Indexes {@code secrets}; a second Secret with the same namespace and name is an error. */
  SecretIndex(List<LoadedSecret> secrets, List<ConfigError> errors) {
    for (LoadedSecret secret : secrets) {
      LoadedSecret earlier = byNamespacedName.putIfAbsent(secret.namespacedName(), secret);
      if (earlier != null) {
        errors.add(
            new ConfigError(
                secret.origin().file(),
                secret.describe(),
                "metadata.name",
                "already defined in " + earlier.origin() + "; Secret names must be unique"));
      }
    }
  }

  /**
   * The non-blank value under {@code key} of Secret {@code name} in the referring resource's
   * namespace, or null after adding an error against {@code refField} ({@code .name} or {@code
   * .key} appended).
   */
  String resolve(
      LoadedResource<?> referrer,
      String refField,
      String name,
      String key,
      List<ConfigError> errors) {
    String secretName = referrer.namespace() + "/" + name;
    LoadedSecret secret = byNamespacedName.get(secretName);
    String file = referrer.origin().file();
    if (secret == null) {
      errors.add(
          new ConfigError(
              file,
              referrer.describe(),
              refField + ".name",
              "Secret "
                  + secretName
                  + " not found; create it in namespace "
                  + referrer.namespace()
                  + " (Secrets are only looked up in the referring resource's namespace)"));
      return null;
    }
    String value = secret.value(key);
    if (value == null) {
      errors.add(
          new ConfigError(
              file,
              referrer.describe(),
              refField + ".key",
              "Secret "
                  + secretName
                  + " has no key '"
                  + key
                  + "'; its keys are: "
                  + (secret.values().isEmpty()
                      ? "(none)"
                      : String.join(", ", new TreeSet<>(secret.values().keySet())))));
      return null;
    }
    if (value.isBlank()) {
      errors.add(
          new ConfigError(
              file,
              referrer.describe(),
              refField + ".key",
              "Secret " + secretName + " key '" + key + "' is empty; put the value there"));
      return null;
    }
    return value;
  }
}
