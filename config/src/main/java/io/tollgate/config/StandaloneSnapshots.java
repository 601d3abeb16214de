package io.tollgate.config;

import io.tollgate.config.compile.Compilation;
import io.tollgate.config.compile.SnapshotCompiler;
import io.tollgate.config.load.ManifestLoader;
import java.nio.file.Path;

/** Standalone mode's one step from manifest files on disk to a compiled snapshot. */
public final class StandaloneSnapshots {

  private StandaloneSnapshots() {}

  /**
   * Loads the YAML file or directory of YAML files at {@code fileOrDirectory} and compiles it.
   * Loading and compiling problems are all reported in the result; nothing is thrown for bad input.
   */
  public static Compilation compile(Path fileOrDirectory, long version) {
    return new SnapshotCompiler().compile(new ManifestLoader().load(fileOrDirectory), version);
  }
}
