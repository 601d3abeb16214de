package io.tollgate.governance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Redis connection strings: with a separately configured user, and fit for logs. */
public final class RedisUrls {

  private RedisUrls() {}

  /**
   * {@code url} with {@code user} (and {@code password}) as its user info, replacing any there; the
   * Vert.x client takes a user name only from the URL. Unchanged without a user.
   */
  public static String withUser(String url, String user, String password) {
    if (user.isBlank()) {
      return url;
    }
    Parts parts = Parts.of(url);
    String userInfo = encode(user) + (password.isEmpty() ? "" : ":" + encode(password));
    return parts.scheme() + "://" + userInfo + "@" + parts.hostAndPort() + parts.rest();
  }

  /** {@code rediss://user:secret@host:6379/0?x=y} → {@code rediss://host:6379/0}. */
  public static String withoutCredentials(String url) {
    try {
      Parts parts = Parts.of(url);
      int query = parts.rest().indexOf('?');
      String path = query < 0 ? parts.rest() : parts.rest().substring(0, query);
      return parts.scheme() + "://" + parts.hostAndPort() + path;
    } catch (IllegalArgumentException e) {
      return "(unparseable Redis URL)";
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code scheme://[userinfo@]hostAndPort[rest]}, rest starting with / or ? when present. */
  private record Parts(String scheme, String hostAndPort, String rest) {

    static Parts of(String url) {
      int separator = url.indexOf("://");
      if (separator <= 0) {
        throw new IllegalArgumentException("not a redis:// or rediss:// URL");
      }
      String afterScheme = url.substring(separator + 3);
      int end = afterScheme.length();
      for (char c : new char[] {'/', '?'}) {
        int at = afterScheme.indexOf(c);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      String authority = afterScheme.substring(0, end);
      // The password may hold '@'; the host never does.
      String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
      return new Parts(url.substring(0, separator), hostAndPort, afterScheme.substring(end));
    }
  }
}
