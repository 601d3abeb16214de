package io.tollgate.proxy.http;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the caller's {@code x-request-id} when it is sane, else a fresh random one. */
public final class RequestIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  public static String accept(String offered) {
    if (offered != null && isSane(offered)) {
      return offered;
    }
    return generate();
  }

  /** 128 random bits in hex: unique enough to find one request in any log. */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[36];
    "req_".getChars(0, 4, id, 0);
    long high = random.nextLong();
    long low = random.nextLong();
    for (int i = 0; i < 16; i++) {
      id[4 + i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
      id[20 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
    }
    return new String(id);
  }

  /** Printable ASCII without spaces, at most 128 characters: safe to log and echo. */
  private static boolean isSane(String id) {
    int length = id.length();
    if (length == 0 || length > 128) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
