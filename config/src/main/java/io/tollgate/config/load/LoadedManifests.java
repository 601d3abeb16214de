package io.tollgate.config.load;

import io.tollgate.config.ConfigError;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.TeamBudget;
import java.util.List;

/**
 * Everything read from a configuration file or directory, in load order (files by name, then
 * documents in file order), plus the problems found while reading. Nothing here is validated beyond
 * shape: the compiler checks meaning and references.
 */
public record LoadedManifests(
    List<LoadedResource<ModelRoute>> modelRoutes,
    List<LoadedResource<ApiKey>> apiKeys,
    List<LoadedResource<TeamBudget>> teamBudgets,
    List<LoadedSecret> secrets,
    List<IgnoredManifest> ignored,
    List<ConfigError> errors) {

  /** Manifests without TeamBudgets. */
  public LoadedManifests(
      List<LoadedResource<ModelRoute>> modelRoutes,
      List<LoadedResource<ApiKey>> apiKeys,
      List<LoadedSecret> secrets,
      List<IgnoredManifest> ignored,
      List<ConfigError> errors) {
    this(modelRoutes, apiKeys, List.of(), secrets, ignored, errors);
  }

  public LoadedManifests {
    modelRoutes = List.copyOf(modelRoutes);
    apiKeys = List.copyOf(apiKeys);
    teamBudgets = List.copyOf(teamBudgets);
    secrets = List.copyOf(secrets);
    ignored = List.copyOf(ignored);
    errors = List.copyOf(errors);
  }
}
