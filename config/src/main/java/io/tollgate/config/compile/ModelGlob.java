package io.tollgate.config.compile;

import java.util.regex.Pattern;

/**
 * An ApiKey model pattern: {@code *} matches any run of characters (also none), {@code ?} exactly
 * one, everything else itself. Compiled once per glob when a snapshot is compiled; requests only
 * ever look up the precomputed allowed set.
 */
record ModelGlob(String glob, Pattern pattern) {

  static ModelGlob of(String glob) {
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
    return new ModelGlob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  boolean matches(String model) {
    return pattern.matcher(model).matches();
  }
}
