package io.tollgate.config.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one way a gateway key becomes the hash the snapshot holds. Keys are never stored or compared
 * in clear: the compiler hashes the Secret's value, the proxy hashes what the client presents.
 */
public final class KeyHashes {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // MessageDigest is not thread-safe; one per thread avoids a provider lookup per request.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(KeyHashes::newSha256);

  private KeyHashes() {}

  /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
  public static String sha256Hex(String key) {
    MessageDigest digest = SHA256.get();
    byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new String(out);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
