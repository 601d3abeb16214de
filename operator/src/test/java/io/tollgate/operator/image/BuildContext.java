package io.tollgate.operator.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The images' build context: the repository root, filtered by its {@code .dockerignore}. Follows
 * Docker's rules for the patterns: the last matching pattern decides, {@code !} lets a path back
 * in, and a pattern that matches a directory applies to everything below it.
 */
final class BuildContext {

  private record Rule(Pattern pattern, boolean letsIn) {}

  private final Path root;
  private final List<Rule> rules;

  private BuildContext(Path root, List<Rule> rules) {
    this.root = root;
    this.rules = rules;
  }

  /** The repository root, seen from a test running in the operator module. */
  static BuildContext repositoryRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Rule> rules = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root.resolve(".dockerignore"))) {
        String pattern = line.strip();
        if (pattern.isEmpty() || pattern.startsWith("#")) {
          continue;
        }
        boolean letsIn = pattern.startsWith("!");
        rules.add(new Rule(compile(letsIn ? pattern.substring(1).strip() : pattern), letsIn));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildContext(root, rules);
  }

  Path root() {
    return root;
  }

  Path resolve(String contextPath) {
    return root.resolve(contextPath);
  }

  /** Whether {@code docker build} sends this path (relative, '/'-separated) to the builder. */
  boolean sends(String contextPath) {
    String path = trimSlashes(contextPath);
    boolean sent = true;
    for (Rule rule : rules) {
      if (matchesItOrAParent(rule.pattern(), path)) {
        sent = rule.letsIn();
      }
    }
    return sent;
  }

  private static boolean matchesItOrAParent(Pattern pattern, String path) {
    for (String prefix = path; !prefix.isEmpty(); ) {
      if (pattern.matcher(prefix).matches()) {
        return true;
      }
      int slash = prefix.lastIndexOf('/');
      prefix = slash < 0 ? "" : prefix.substring(0, slash);
    }
    return false;
  }

  /** {@code **} spans directories, {@code *} and {@code ?} stay within one path element. */
  private static Pattern compile(String pattern) {
    String glob = trimSlashes(pattern);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        regex.append(slashFollows ? "(.*/)?" : ".*");
        i += slashFollows ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static String trimSlashes(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
