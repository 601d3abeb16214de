package io.tollgate.fakes;

import java.util.ArrayList;
import java.util.List;

/** Deterministic word counting and even splitting: the fake's stand-in for a tokenizer. */
final class Words {

  private Words() {}

  /** Number of whitespace-separated words; the fake's "token" count. */
  static int count(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  /** The first {@code max} words of {@code text}, keeping the original spacing between them. */
  static String firstWords(String text, int max) {
    List<String> tokens = tokens(text);
    return String.join("", tokens.subList(0, Math.min(max, tokens.size()))).stripTrailing();
  }

  /**
   * Splits {@code text} into at most {@code pieces} non-empty parts that concatenate back to it.
   * Words are spread evenly; when more pieces are asked for than there are words, the text is cut
   * by code points instead, so a benchmark asking for 16 chunks of a short reply still gets 16
   * events (never splitting a surrogate pair, which would corrupt the JSON string).
   */
  static List<String> split(String text, int pieces) {
    int n = Math.max(1, pieces);
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> tokens = tokens(text);
    List<String> out = new ArrayList<>(Math.min(n, Math.max(tokens.size(), 1)));
    if (n <= tokens.size()) {
      int w = tokens.size();
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder();
        for (int t = i * w / n; t < (i + 1) * w / n; t++) {
          sb.append(tokens.get(t));
        }
        out.add(sb.toString());
      }
      return out;
    }
    int cps = text.codePointCount(0, text.length());
    int k = Math.min(n, cps);
    int start = 0;
    for (int i = 1; i <= k; i++) {
      int end = text.offsetByCodePoints(0, (int) ((long) i * cps / k));
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  /** Words with their trailing whitespace (leading whitespace stays with the first one). */
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i - 1))
          && !Character.isWhitespace(text.charAt(i))
          && !text.substring(start, i).isBlank()) {
        tokens.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      tokens.add(text.substring(start));
    }
    return tokens;
  }
}
