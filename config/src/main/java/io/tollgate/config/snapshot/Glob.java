package io.tollgate.config.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A name pattern: {@code *} matches any run of characters (also none), {@code ?} exactly one,
 * everything else itself. Compiled once, when a snapshot is compiled, never per request.
 */
public record Glob(String glob, Pattern pattern) {

  @JsonCreator
  public static Glob of(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  public boolean matches(String value) {
    return value != null && pattern.matcher(value).matches();
  }

  /** A glob is its text: it serialises as, compares as and prints as the text. */
  @JsonValue
  @Override
  public String glob() {
    return glob;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Glob that && glob.equals(that.glob);
  }

  @Override
  public int hashCode() {
    return glob.hashCode();
  }

  @Override
  public String toString() {
    return glob;
  }
}
