package io.tollgate.proxy.governance;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Redis URLs as they may appear in logs. */
final class RedisAddresses {

  private RedisAddresses() {}

  /**
   * The URL with a separately configured user put into it (the client takes a user name only from
   * the URL); unchanged without one.
   */
  static String withUser(String url, Optional<String> user, Optional<String> password) {
    if (user.isEmpty() || user.get().isBlank()) {
      return url;
    }
    URI uri = URI.create(url);
    String userInfo = encode(user.get()) + password.map(p -> ":" + encode(p)).orElse("");
    String rest = url.substring(url.indexOf("://") + 3);
    int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
    return uri.getScheme() + "://" + userInfo + "@" + rest.substring(at + 1);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code rediss://user:secret@host:6379/0} → {@code rediss://host:6379/0}. */
  static String withoutCredentials(String url) {
    try {
      URI uri = URI.create(url);
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (Exception e) {
      return "(unparseable URL)";
    }
  }
}
