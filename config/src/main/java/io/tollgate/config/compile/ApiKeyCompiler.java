package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.KeySecretRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Compiles one ApiKey into a {@link ClientKey}: hashes the key value from its Secret, expands the
 * model globs against the snapshot's public model names, and compiles its limits and budgets.
 */
final class ApiKeyCompiler {

  private static final Logger LOG = Logger.getLogger(ApiKeyCompiler.class);

  private final SecretIndex secrets;
  private final KeyGovernanceCompiler governance;

  ApiKeyCompiler(SecretIndex secrets) {
    this.secrets = secrets;
    this.governance = new KeyGovernanceCompiler(new BudgetCompiler(secrets));
  }

  /**
   * The compiled key, or null after adding its errors to {@code errors}.
   *
   * @param publicModels every route's public model name, to expand the globs against
   */
  ClientKey compile(
      LoadedResource<ApiKey> loaded, Collection<String> publicModels, List<ConfigError> errors) {
    int before = errors.size();
    String file = loaded.origin().file();
    String label = loaded.describe();
    ApiKeySpec spec = loaded.resource().getSpec();
    if (spec == null) {
      errors.add(
          new ConfigError(file, label, "spec", "spec is required, with models and secretRef"));
      return null;
    }
    String team = spec.getTeam();
    if (team != null && team.isBlank()) {
      errors.add(
          new ConfigError(
              file,
              label,
              "spec.team",
              "team must not be blank; omit it when the key belongs to no team"));
    }
    List<Glob> globs = globs(spec.getModels(), file, label, errors);
    String keyValue = keyValue(loaded, spec.getSecretRef(), errors);
    Instant expiresAt = null;
    if (spec.getExpiresAt() != null) {
      try {
        expiresAt = OffsetDateTime.parse(spec.getExpiresAt()).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(
            new ConfigError(
                file,
                label,
                "spec.expiresAt",
                "'"
                    + spec.getExpiresAt()
                    + "' is not an RFC 3339 time; write e.g. 2026-12-31T23:59:59Z"));
      }
    }
    Set<String> allowed = new HashSet<>();
    for (Glob glob : globs) {
      int matched = 0;
      for (String model : publicModels) {
        if (glob.matches(model)) {
          allowed.add(model);
          matched++;
        }
      }
      if (matched == 0 && errors.size() == before) {
        LOG.warnf(
            "%s: %s: model glob '%s' matches no ModelRoute; it allows nothing until one exists",
            file, label, glob.glob());
      }
    }
    KeyGovernance keyGovernance =
        governance.compile(spec, allowed, new ResourceProblems(loaded, errors));
    if (errors.size() > before) {
      return null;
    }
    return new ClientKey(
        loaded.namespacedName(),
        team,
        // Clients cannot send surrounding whitespace in a header value; a file-made Secret often
        // ends in a newline. Strip it so both sides hash the same key.
        KeyHashes.sha256Hex(keyValue.strip()),
        globs.stream().map(Glob::glob).toList(),
        allowed,
        expiresAt,
        keyGovernance);
  }

  private static List<Glob> globs(
      List<String> models, String file, String label, List<ConfigError> errors) {
    if (models == null || models.isEmpty()) {
      errors.add(
          new ConfigError(
              file,
              label,
              "spec.models",
              "models is required and must not be empty; list the public model names this key"
                  + " may use, or use \"*\" to allow every model"));
      return List.of();
    }
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      String glob = models.get(i);
      if (glob == null || glob.isBlank()) {
        errors.add(
            new ConfigError(
                file,
                label,
                "spec.models[" + i + "]",
                "model glob must not be blank; use \"*\" to allow every model"));
      } else {
        globs.add(Glob.of(glob));
      }
    }
    return globs;
  }

  private String keyValue(
      LoadedResource<ApiKey> loaded, KeySecretRef ref, List<ConfigError> errors) {
    String file = loaded.origin().file();
    String label = loaded.describe();
    if (ref == null) {
      errors.add(
          new ConfigError(
              file,
              label,
              "spec.secretRef",
              "secretRef is required: the Secret holding the key value, e.g. {name: alice-key}"));
      return null;
    }
    if (ref.getName() == null || ref.getName().isBlank()) {
      errors.add(
          new ConfigError(
              file,
              label,
              "spec.secretRef.name",
              "name is required: the Secret holding the key value, e.g. alice-key"));
      return null;
    }
    String key = ref.getKey() == null ? KeySecretRef.DEFAULT_KEY : ref.getKey();
    if (key.isBlank()) {
      errors.add(
          new ConfigError(
              file,
              label,
              "spec.secretRef.key",
              "key must not be blank; omit it to use '" + KeySecretRef.DEFAULT_KEY + "'"));
      return null;
    }
    return secrets.resolve(loaded, "spec.secretRef", ref.getName(), key, errors);
  }
}
