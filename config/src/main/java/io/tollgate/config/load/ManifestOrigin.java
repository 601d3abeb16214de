package io.tollgate.config.load;

/**
 * Where a manifest was read, so errors and duplicates can point the user at it.
 *
 * @param file the file path as the loader saw it
 * @param document the 1-based index of the YAML document within the file ({@code ---} separated)
 * @param line the 1-based line the document's content starts on
 */
public record ManifestOrigin(String file, int document, int line) {

  /** E.g. {@code routes.yaml (document 2, line 14)}. */
  @Override
  public String toString() {
    return file + " (document " + document + ", line " + line + ")";
  }
}
