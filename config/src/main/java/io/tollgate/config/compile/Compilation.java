package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.snapshot.Snapshot;
import java.util.List;

/**
 * The result of compiling manifests: a snapshot, or every problem found (never both).
 *
 * @param snapshot the compiled snapshot, or null exactly when {@code errors} is not empty
 * @param errors all loading and compiling problems, in the order they were found
 */
public record Compilation(Snapshot snapshot, List<ConfigError> errors) {

  public Compilation {
    errors = List.copyOf(errors);
    if ((snapshot == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("exactly one of snapshot and errors must be present");
    }
  }

  /** True when compiling succeeded and {@link #snapshot()} is set. */
  public boolean succeeded() {
    return snapshot != null;
  }
}
