package io.tollgate.proxy.observe;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * One flat JSON object on one line, written straight into UTF-8 bytes. An instance is reused line
 * after line by one thread, so writing a line allocates nothing once its buffer has grown to size.
 */
final class JsonLine {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT);

  private byte[] bytes = new byte[512];
  private int length;

  // The formatted second of the last time written ("2026-12-06T11:22:33."), reused within it.
  private long second = Long.MIN_VALUE;
  private final byte[] secondText = new byte[20];

  /** A field name made once: {@code "name":}. */
  static byte[] name(String name) {
    return ('"' + name + "\":").getBytes(StandardCharsets.UTF_8);
  }

  JsonLine begin() {
    length = 0;
    put((byte) '{');
    return this;
  }

  /** A string field; left out when {@code value} is null. */
  JsonLine string(byte[] name, String value) {
    if (value == null) {
      return this;
    }
    put(name);
    put((byte) '"');
    escaped(value);
    put((byte) '"');
    return comma();
  }

  JsonLine number(byte[] name, long value) {
    put(name);
    digits(value);
    return comma();
  }

  JsonLine bool(byte[] name, boolean value) {
    put(name);
    ascii(value ? "true" : "false");
    return comma();
  }

  /** A JSON number already formatted, e.g. a dollar amount. */
  JsonLine raw(byte[] name, String number) {
    put(name);
    ascii(number);
    return comma();
  }

  /** Nanoseconds as milliseconds with three decimals (microsecond resolution, rounded). */
  JsonLine millis(byte[] name, long nanos) {
    put(name);
    long micros = (Math.max(0, nanos) + 500) / 1_000;
    digits(micros / 1_000);
    put((byte) '.');
    long fraction = micros % 1_000;
    put((byte) ('0' + fraction / 100));
    put((byte) ('0' + fraction / 10 % 10));
    put((byte) ('0' + fraction % 10));
    return comma();
  }

  /** A UTC time with milliseconds, RFC 3339: {@code "2026-12-06T11:22:33.123Z"}. */
  JsonLine time(byte[] name, long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    if (seconds != second) {
      String text = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC).format(SECONDS);
      for (int i = 0; i < secondText.length; i++) {
        secondText[i] = (byte) text.charAt(i);
      }
      second = seconds;
    }
    put(name);
    put((byte) '"');
    put(secondText);
    long millis = Math.floorMod(epochMillis, 1000);
    put((byte) ('0' + millis / 100));
    put((byte) ('0' + millis / 10 % 10));
    put((byte) ('0' + millis % 10));
    put((byte) 'Z');
    put((byte) '"');
    return comma();
  }

  /** Closes the object and the line; the bytes are then {@link #bytes()}[0, {@link #length()}). */
  JsonLine end() {
    if (bytes[length - 1] == ',') {
      length--;
    }
    put((byte) '}');
    put((byte) '\n');
    return this;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private JsonLine comma() {
    put((byte) ',');
    return this;
  }

  private void digits(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        ascii(Long.toString(value));
        return;
      }
      put((byte) '-');
      value = -value;
    }
    int count = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      count++;
    }
    ensure(count);
    for (int i = length + count - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += count;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
  }

  /** JSON string content: quotes, backslashes and control characters escaped, the rest UTF-8. */
  private void escaped(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        put((byte) c);
      } else if (c == '"' || c == '\\') {
        put((byte) '\\');
        put((byte) c);
      } else if (c < 0x20 || c == 0x7f) {
        put((byte) '\\');
        put((byte) 'u');
        put((byte) '0');
        put((byte) '0');
        put(HEX[c >> 4 & 0xf]);
        put(HEX[c & 0xf]);
      } else if (c < 0x800) {
        put((byte) (0xc0 | c >> 6));
        put((byte) (0x80 | c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int code = Character.toCodePoint(c, value.charAt(++i));
        put((byte) (0xf0 | code >> 18));
        put((byte) (0x80 | code >> 12 & 0x3f));
        put((byte) (0x80 | code >> 6 & 0x3f));
        put((byte) (0x80 | code & 0x3f));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate is not text: written as U+FFFD so the line stays valid UTF-8.
        put((byte) 0xef);
        put((byte) 0xbf);
        put((byte) 0xbd);
      } else {
        put((byte) (0xe0 | c >> 12));
        put((byte) (0x80 | c >> 6 & 0x3f));
        put((byte) (0x80 | c & 0x3f));
      }
    }
  }

  private void put(byte[] source) {
    ensure(source.length);
    System.arraycopy(source, 0, bytes, length, source.length);
    length += source.length;
  }

  private void put(byte b) {
    ensure(1);
    bytes[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
