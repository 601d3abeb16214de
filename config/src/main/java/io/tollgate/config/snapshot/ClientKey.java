package io.tollgate.config.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A gateway API key as the proxy knows it: only the SHA-256 of the key, never the key.
 *
 * @param name the ApiKey resource, e.g. {@code default/alice}; what logs and metrics show
 * @param team the team the key belongs to, or null
 * @param keySha256 lowercase hex SHA-256 of the key's UTF-8 bytes (64 characters)
 * @param modelGlobs the allow-list as written, for messages
 * @param allowedModels public model names of the snapshot's routes the globs match, precomputed so
 *     the hot path does a set lookup
 * @param expiresAt when the key stops working, or null when it does not expire
 * @param governance its limits and budgets
 */
public record ClientKey(
    String name,
    String team,
    String keySha256,
    List<String> modelGlobs,
    Set<String> allowedModels,
    Instant expiresAt,
    KeyGovernance governance) {

  /** A key without limits or budgets. */
  public ClientKey(
      String name,
      String team,
      String keySha256,
      List<String> modelGlobs,
      Set<String> allowedModels,
      Instant expiresAt) {
    this(name, team, keySha256, modelGlobs, allowedModels, expiresAt, KeyGovernance.NONE);
  }

  /** A key that does not expire. */
  public ClientKey(
      String name,
      String team,
      String keySha256,
      List<String> modelGlobs,
      Set<String> allowedModels) {
    this(name, team, keySha256, modelGlobs, allowedModels, null);
  }

  public ClientKey {
    Backend.requireText(name, "name");
    if (keySha256 == null || !keySha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("keySha256 must be 64 lowercase hex characters");
    }
    modelGlobs = List.copyOf(modelGlobs);
    java.util.Objects.requireNonNull(governance, "governance");
    allowedModels = Set.copyOf(allowedModels);
  }

  public boolean mayUse(String model) {
    return allowedModels.contains(model);
  }

  /** Whether the key has expired at {@code epochMillis}. */
  public boolean expiredAt(long epochMillis) {
    return expiresAt != null && epochMillis >= expiresAt.toEpochMilli();
  }
}
