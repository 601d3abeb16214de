package io.tollgate.proxy.auth;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import io.vertx.core.MultiMap;

/**
 * Finds the caller's key in the headers the common SDKs use and resolves it against a snapshot by
 * hash. The key itself is never kept, logged or forwarded.
 */
public final class ClientAuthenticator {

  private ClientAuthenticator() {}

  /** The presented key, or null when the request carries none. */
  public static String presentedKey(MultiMap headers) {
    String authorization = headers.get("authorization");
    if (authorization != null) {
      // OpenAI and Anthropic SDKs send "Bearer <key>"; the scheme is case-insensitive (RFC 9110).
      if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String key = authorization.substring(7).trim();
        return key.isEmpty() ? null : key;
      }
      return null;
    }
    String key = headers.get("x-api-key");
    if (key == null) {
      key = headers.get("api-key");
    }
    return key == null || key.isBlank() ? null : key.trim();
  }

  /** The key the snapshot knows under the presented key's hash, or null. */
  public static ClientKey resolve(Snapshot snapshot, String presentedKey) {
    return snapshot.keyBySha256(KeyHashes.sha256Hex(presentedKey));
  }
}
