package io.tollgate.operator.usage;

import io.tollgate.governance.RedisUrls;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the operator reads budget spend: the Redis the proxies count in. Same meaning as the
 * proxy's {@code tollgate.redis.*} settings; the chart hands both the same values.
 *
 * @param url {@code redis://host:6379} or {@code rediss://} for TLS; blank when the proxies count
 *     in memory (then there is no shared spend to report)
 * @param username a user name (Redis 6 ACLs, ElastiCache RBAC) kept apart from the URL; blank for
 *     none
 * @param password kept apart from the URL, e.g. from a Secret; blank for none
 * @param timeout the longest a reconcile waits for Redis before it reports the spend unavailable
 */
public record RedisSettings(String url, String username, String password, Duration timeout) {

  /** No shared store: spend is counted in each proxy's memory. */
  public static final RedisSettings NONE = new RedisSettings("", "", "", Duration.ofSeconds(2));

  public RedisSettings {
    url = url == null ? "" : url.strip();
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Redis timeout must be positive");
    }
  }

  /**
   * Reads {@code TOLLGATE_REDIS_URL}, {@code _USERNAME}, {@code _PASSWORD} and {@code _TIMEOUT}.
   */
  public static RedisSettings fromEnvironment(Map<String, String> env) {
    return new RedisSettings(
        env.get("TOLLGATE_REDIS_URL"),
        env.get("TOLLGATE_REDIS_USERNAME"),
        env.get("TOLLGATE_REDIS_PASSWORD"),
        Duration.parse(env.getOrDefault("TOLLGATE_REDIS_TIMEOUT", "PT2S")));
  }

  /** Settings of a Redis without authentication at {@code url}, e.g. a test server. */
  public static RedisSettings at(String url) {
    return new RedisSettings(url, "", "", NONE.timeout());
  }

  public boolean configured() {
    return !url.isEmpty();
  }

  /** Keeps the password out of logs and exception messages. */
  @Override
  public String toString() {
    return "RedisSettings[url="
        + (configured() ? RedisUrls.withoutCredentials(url) : "none")
        + ", username="
        + (username.isBlank() ? "none" : username)
        + ", password="
        + (password.isEmpty() ? "none" : "***")
        + ", timeout="
        + timeout
        + "]";
  }
}
