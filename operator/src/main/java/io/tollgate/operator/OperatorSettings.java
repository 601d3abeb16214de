package io.tollgate.operator;

import io.tollgate.operator.usage.RedisSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's own settings, read from the environment (the Helm chart sets them).
 *
 * @param watchNamespaces namespaces whose resources are compiled; empty means all namespaces
 * @param snapshotNamespace where the snapshot Secrets are written (the proxies' namespace)
 * @param snapshotName base name and label value of the snapshot Secrets
 * @param maxPartBytes largest compressed part per Secret, below the API server's object limit
 * @param proxySelector label selector of the proxy pods whose loaded version gates Ready
 * @param proxyManagementPort the proxies' management port (readiness endpoint)
 * @param proxyReadinessPath the readiness path on that port, reporting version and checksum
 * @param fleetPollInterval how often the proxies' loaded versions are read
 * @param publishDebounce how long a burst of resource changes settles before compiling
 * @param leaderElection whether to elect a leader (several operator replicas)
 * @param leaseName the Lease used for leader election, in {@code snapshotNamespace}
 * @param healthPort port of the operator's own health and metrics endpoint
 * @param redis the Redis the proxies count spend in, or {@link RedisSettings#NONE}
 * @param budgetStatusInterval how often a TeamBudget's spend is read again for its status
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    String snapshotNamespace,
    String snapshotName,
    int maxPartBytes,
    String proxySelector,
    int proxyManagementPort,
    String proxyReadinessPath,
    Duration fleetPollInterval,
    Duration publishDebounce,
    boolean leaderElection,
    String leaseName,
    int healthPort,
    RedisSettings redis,
    Duration budgetStatusInterval) {

  /** The default of {@code budgetStatusInterval}. */
  public static final Duration DEFAULT_BUDGET_STATUS_INTERVAL = Duration.ofSeconds(30);

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (maxPartBytes < 1024) {
      throw new IllegalArgumentException("maxPartBytes must be at least 1024");
    }
    Objects.requireNonNull(redis, "redis");
    if (budgetStatusInterval.isNegative() || budgetStatusInterval.isZero()) {
      throw new IllegalArgumentException("budgetStatusInterval must be positive");
    }
  }

  /** Settings without a shared usage store: spend is counted in each proxy's memory. */
  public OperatorSettings(
      Set<String> watchNamespaces,
      String snapshotNamespace,
      String snapshotName,
      int maxPartBytes,
      String proxySelector,
      int proxyManagementPort,
      String proxyReadinessPath,
      Duration fleetPollInterval,
      Duration publishDebounce,
      boolean leaderElection,
      String leaseName,
      int healthPort) {
    this(
        watchNamespaces,
        snapshotNamespace,
        snapshotName,
        maxPartBytes,
        proxySelector,
        proxyManagementPort,
        proxyReadinessPath,
        fleetPollInterval,
        publishDebounce,
        leaderElection,
        leaseName,
        healthPort,
        RedisSettings.NONE,
        DEFAULT_BUDGET_STATUS_INTERVAL);
  }

  /** Defaults for everything but the namespace the snapshot goes to. */
  public static OperatorSettings defaults(String snapshotNamespace) {
    return fromEnvironment(Map.of("TOLLGATE_SNAPSHOT_NAMESPACE", snapshotNamespace));
  }

  /** Reads {@code TOLLGATE_*} variables; see the Helm chart's values for their meaning. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String namespaces = env.getOrDefault("TOLLGATE_WATCH_NAMESPACES", "");
    return new OperatorSettings(
        Arrays.stream(namespaces.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet()),
        env.getOrDefault("TOLLGATE_SNAPSHOT_NAMESPACE", "tollgate"),
        env.getOrDefault("TOLLGATE_SNAPSHOT_NAME", "tollgate-snapshot"),
        Integer.parseInt(env.getOrDefault("TOLLGATE_SNAPSHOT_MAX_PART_BYTES", "524288")),
        env.getOrDefault("TOLLGATE_PROXY_SELECTOR", "app.kubernetes.io/component=proxy"),
        Integer.parseInt(env.getOrDefault("TOLLGATE_PROXY_MANAGEMENT_PORT", "9000")),
        env.getOrDefault("TOLLGATE_PROXY_READINESS_PATH", "/q/health/ready"),
        Duration.parse(env.getOrDefault("TOLLGATE_FLEET_POLL_INTERVAL", "PT0.5S")),
        Duration.parse(env.getOrDefault("TOLLGATE_PUBLISH_DEBOUNCE", "PT0.05S")),
        Boolean.parseBoolean(env.getOrDefault("TOLLGATE_LEADER_ELECTION", "false")),
        env.getOrDefault("TOLLGATE_LEASE_NAME", "tollgate-operator"),
        Integer.parseInt(env.getOrDefault("TOLLGATE_HEALTH_PORT", "8081")),
        RedisSettings.fromEnvironment(env),
        Duration.parse(
            env.getOrDefault(
                "TOLLGATE_BUDGET_STATUS_INTERVAL", DEFAULT_BUDGET_STATUS_INTERVAL.toString())));
  }

  /** A copy with other proxy readiness coordinates (tests point these at a local server). */
  public OperatorSettings withProxyManagementPort(int port) {
    return new OperatorSettings(
        watchNamespaces,
        snapshotNamespace,
        snapshotName,
        maxPartBytes,
        proxySelector,
        port,
        proxyReadinessPath,
        fleetPollInterval,
        publishDebounce,
        leaderElection,
        leaseName,
        healthPort,
        redis,
        budgetStatusInterval);
  }

  /** A copy with another part size (tests force splitting with small parts). */
  public OperatorSettings withMaxPartBytes(int bytes) {
    return new OperatorSettings(
        watchNamespaces,
        snapshotNamespace,
        snapshotName,
        bytes,
        proxySelector,
        proxyManagementPort,
        proxyReadinessPath,
        fleetPollInterval,
        publishDebounce,
        leaderElection,
        leaseName,
        healthPort,
        redis,
        budgetStatusInterval);
  }

  /**
   * A copy reading spend from another Redis, every {@code interval} (tests point these at a local
   * server and read often).
   */
  public OperatorSettings withRedis(RedisSettings redis, Duration interval) {
    return new OperatorSettings(
        watchNamespaces,
        snapshotNamespace,
        snapshotName,
        maxPartBytes,
        proxySelector,
        proxyManagementPort,
        proxyReadinessPath,
        fleetPollInterval,
        publishDebounce,
        leaderElection,
        leaseName,
        healthPort,
        redis,
        interval);
  }
}
