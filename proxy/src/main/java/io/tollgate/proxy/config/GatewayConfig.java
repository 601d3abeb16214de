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

  /**
   * A streamed answer whose client reads nothing for this long, while the provider has more to
   * send, is ended: its stream reset (over HTTP/1.1, the connection closed) and the upstream call
   * cancelled, so a client that stopped reading does not hold a provider stream open.
   */
  @WithName("client-stall-timeout")
  @WithDefault("300s")
  Duration clientStallTimeout();

  /** Largest request body accepted from a client; larger requests get a 413. */
  @WithName("max-request-bytes")
  @WithDefault("20971520")
  long maxRequestBytes();

  @WithName("access-log")
  AccessLog accessLog();

  /** The access log: one JSON line per request. */
  interface AccessLog {
    @WithDefault("true")
    boolean enabled();

    /** A file to append the lines to; standard output when unset. */
    java.util.Optional<String> path();

    /** The longest a line waits before it is written (lines are written in batches). */
    @WithName("flush-interval")
    @WithDefault("200ms")
    Duration flushInterval();

    /**
     * The most bytes of lines held while the output is slow (a blocked pipe, a full disk); lines
     * beyond are dropped and counted in {@code tollgate_access_log_dropped_lines_total}, so
     * requests never wait for the log.
     */
    @WithName("max-buffered-bytes")
    @WithDefault("8388608")
    long maxBufferedBytes();
  }

  Upstream upstream();

  /** How the proxy talks to providers. */
  interface Upstream {
    /** Pooled keep-alive connections per upstream host and event loop (each loop has its own). */
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

  Governance governance();

  /** How limits and budgets are enforced. */
  interface Governance {
    /**
     * What a request held to a budget does when the backend has no price (neither in the catalog
     * nor in its ModelRoute): {@code count-zero} (serve it, count it as free, and raise {@code
     * tollgate_unpriced_requests_total}) or {@code reject} (refuse it with a 503 naming the
     * backend).
     */
    @WithName("unpriced-models")
    @WithDefault("count-zero")
    UnpricedPolicy unpricedModels();

    /**
     * The completion tokens a request is assumed to use, for its token and budget reservations,
     * when it does not set {@code max_tokens} or {@code max_completion_tokens}.
     */
    @WithName("default-max-output-tokens")
    @WithDefault("4096")
    long defaultMaxOutputTokens();

    /**
     * The longest a request's parallel slot and budget reservation are held when it is never
     * settled (its proxy died): then they expire instead of leaking. Routes with a request timeout
     * hold them for that timeout plus a minute instead.
     */
    @WithName("reservation-lease")
    @WithDefault("15m")
    Duration reservationLease();
  }

  /** See {@link Governance#unpricedModels()}. */
  enum UnpricedPolicy {
    COUNT_ZERO,
    REJECT
  }

  Redis redis();

  /**
   * The usage store shared by all proxies. Without a URL, limits and budgets are counted in this
   * proxy's memory (right for a single replica).
   */
  interface Redis {
    /**
     * E.g. {@code redis://redis:6379}, {@code rediss://user:password@host:6379} (TLS, e.g.
     * ElastiCache with in-transit encryption). Environment variable {@code TOLLGATE_REDIS_URL}.
     */
    java.util.Optional<String> url();

    /** A password kept apart from the URL (e.g. from a Secret); overrides one in the URL. */
    java.util.Optional<String> password();

    /** A user name (Redis 6 ACLs, ElastiCache RBAC), kept apart from the URL like the password. */
    java.util.Optional<String> username();

    /**
     * How long a request waits for Redis before its limits fall back to their failure policy
     * (fail-open on local counters, or fail-closed).
     */
    @WithDefault("100ms")
    Duration timeout();

    /** Connections to Redis per proxy. */
    @WithName("max-pool-size")
    @WithDefault("8")
    int maxPoolSize();
  }

  Azure azure();

  /**
   * The proxy's Microsoft Entra ID identity, for azure-openai backends with {@code entra} that do
   * not name their own. AKS workload identity injects these as {@code AZURE_TENANT_ID}, {@code
   * AZURE_CLIENT_ID}, {@code AZURE_AUTHORITY_HOST} and {@code AZURE_FEDERATED_TOKEN_FILE}, which
   * application.properties maps here.
   */
  interface Azure {
    @WithName("tenant-id")
    java.util.Optional<String> tenantId();

    @WithName("client-id")
    java.util.Optional<String> clientId();

    @WithName("authority-host")
    java.util.Optional<String> authorityHost();

    /** The federated (service account) token the kubelet projects and rotates. */
    @WithName("federated-token-file")
    java.util.Optional<String> federatedTokenFile();
  }
}
