package io.tollgate.config.load;

/**
 * A YAML document of a kind Tollgate does not read (yet), skipped rather than rejected so one
 * directory can hold other manifests too.
 */
public record IgnoredManifest(String apiVersion, String kind, ManifestOrigin origin) {}
