package io.tollgate.proxy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The proxy's own settings (application.properties / environment), as opposed to the snapshot. */
@ConfigMapping(prefix = "tollgate")
public interface GatewayConfig {

  String SOURCE_FILES = "files";
  String SOURCE_CLUSTER = "cluster";

  /**
   * Where snapshots come from: {@code files} (standalone: compile {@link #config()}) or {@code
   * cluster} (read the operator's snapshot Secrets through the API server).
   */
  @WithDefault(SOURCE_FILES)
  String source();

  /** Cluster mode settings. */
  Cluster cluster();

  /** Where the operator writes the snapshot. */
  interface Cluster {
    /** The namespace of the snapshot Secrets; defaults to the pod's own namespace. */
    java.util.Optional<String> namespace();

    /** The snapshot's name: the value of the {@code tollgate.io/snapshot} label on its Secrets. */
    @WithName("snapshot-name")
    @WithDefault("tollgate-snapshot")
    String snapshotName();
  }

  /**
   * A YAML file or a directory of YAML files with ModelRoute, ApiKey and Secret manifests
   * (environment variable {@code TOLLGATE_CONFIG}).
   */
  @WithDefault("config/quickstart")
  String config();

  /** How long the watcher waits for a burst of file changes to settle before reloading. */
  @WithName("reload-debounce")
  @WithDefault("100ms")
  Duration reloadDebounce();

  /**
   * How often the watcher also compares file sizes and times, in case a file-system event was
   * missed (network and overlay file systems do not always deliver them).
   */
  @WithName("reload-poll-interval")
  @WithDefault("1s")
  Duration reloadPollInterval();

  /** Largest request body accepted from a client; larger requests get a 413. */
  @WithName("max-request-bytes")
  @WithDefault("20971520")
  long maxRequestBytes();

  Upstream upstream();

  /** How the proxy talks to providers. */
  interface Upstream {
    /** Pooled keep-alive connections per upstream host and event loop group. */
    @WithName("max-connections-per-host")
    @WithDefault("256")
    int maxConnectionsPerHost();

    @WithName("connect-timeout")
    @WithDefault("10s")
    Duration connectTimeout();

    /**
     * An upstream call fails with 504 when no byte arrives for this long (before the first byte or
     * between stream chunks).
     */
    @WithName("idle-timeout")
    @WithDefault("300s")
    Duration idleTimeout();

    /** How long an unused pooled connection is kept open. */
    @WithName("keep-alive-timeout")
    @WithDefault("60s")
    Duration keepAliveTimeout();

    /** Largest non-streamed upstream response the proxy buffers. */
    @WithName("max-response-bytes")
    @WithDefault("67108864")
    long maxResponseBytes();
  }
}
