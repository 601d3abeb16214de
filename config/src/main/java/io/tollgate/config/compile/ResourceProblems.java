package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedResource;
import java.util.List;

/** Errors against one resource, counted so each step can tell whether it added any. */
final class ResourceProblems {
  final LoadedResource<?> loaded;
  final List<ConfigError> errors;
  private final int start;

  ResourceProblems(LoadedResource<?> loaded, List<ConfigError> errors) {
    this.loaded = loaded;
    this.errors = errors;
    this.start = errors.size();
  }

  void add(String field, String message) {
    errors.add(new ConfigError(loaded.origin().file(), loaded.describe(), field, message));
  }

  int count() {
    return errors.size();
  }

  boolean any() {
    return errors.size() > start;
  }
}
