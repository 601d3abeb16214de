package io.tollgate.config;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * One problem found while loading or compiling configuration, phrased so a user knows what to fix.
 * Never carries a secret value.
 *
 * @param source the file the problem is in, e.g. {@code config/routes.yaml}
 * @param resource the resource, e.g. {@code ModelRoute default/chat-fast}, or null when unknown
 * @param field the path of the offending field, e.g. {@code spec.backends[0].provider}, or null
 * @param message what is wrong and how to fix it
 */
public record ConfigError(String source, String resource, String field, String message) {

  public ConfigError {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
  }

  /** {@code source: resource: field: message}, leaving out the parts that are null. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(": ");
    out.add(source);
    if (resource != null) {
      out.add(resource);
    }
    if (field != null) {
      out.add(field);
    }
    return out.add(message).toString();
  }
}
