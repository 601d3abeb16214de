package io.tollgate.operator.apikey;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes gateway keys: {@code tg-} followed by 256 random bits from {@link SecureRandom}, URL-safe
 * base64 without padding (43 characters). The prefix lets secret scanners and people recognise a
 * Tollgate key. Keys are never logged.
 */
public final class KeyGenerator {

  public static final String PREFIX = "tg-";
  static final int RANDOM_BYTES = 32;

  private final SecureRandom random;

  public KeyGenerator(SecureRandom random) {
    this.random = random;
  }

  public KeyGenerator() {
    this(new SecureRandom());
  }

  public String newKey() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
