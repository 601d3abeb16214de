package io.tollgate.operator.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Dockerfile read into the instructions these tests look at, and what its COPY instructions put
 * where in the image. Understands the subset our Dockerfiles use: one stage, line continuations,
 * {@code KEY="value"} pairs, exec-form ENTRYPOINT, absolute COPY destinations.
 */
final class Dockerfile {

  /** One COPY: build-context sources (a trailing slash marks a directory) into a destination. */
  record Copy(List<String> sources, String destination, boolean fromStage) {}

  private record Instruction(String keyword, String arguments) {}

  private final Path file;
  private final List<Instruction> instructions;

  private Dockerfile(Path file, List<Instruction> instructions) {
    this.file = file;
    this.instructions = instructions;
  }

  static Dockerfile read(Path file) {
    try {
      return new Dockerfile(file, parse(Files.readAllLines(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file() {
    return file;
  }

  /** The base image of the (only) stage. */
  String from() {
    List<String> froms = arguments("FROM");
    if (froms.size() != 1) {
      throw new AssertionError(file + ": expected one FROM, found " + froms);
    }
    return froms.get(0).split("\\s+")[0];
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (String arguments : arguments("COPY")) {
      List<String> words = new ArrayList<>(List.of(arguments.trim().split("\\s+")));
      boolean fromStage = words.stream().anyMatch(w -> w.startsWith("--from="));
      words.removeIf(w -> w.startsWith("--"));
      if (words.size() < 2 || arguments.trim().startsWith("[")) {
        throw new AssertionError(file + ": unsupported COPY " + arguments);
      }
      copies.add(
          new Copy(
              List.copyOf(words.subList(0, words.size() - 1)),
              words.get(words.size() - 1),
              fromStage));
    }
    return copies;
  }

  /** Ports of all EXPOSE instructions ({@code 8080} and {@code 8080/tcp} alike). */
  Set<Integer> exposedPorts() {
    Set<Integer> ports = new LinkedHashSet<>();
    for (String arguments : arguments("EXPOSE")) {
      for (String port : arguments.trim().split("\\s+")) {
        ports.add(Integer.parseInt(port.replaceFirst("/(tcp|udp)$", "")));
      }
    }
    return ports;
  }

  /** The user part of the last USER instruction ({@code 1001} of {@code 1001:1001}). */
  Optional<String> user() {
    List<String> users = arguments("USER");
    return users.isEmpty()
        ? Optional.empty()
        : Optional.of(users.get(users.size() - 1).trim().split(":")[0]);
  }

  /** The ENTRYPOINT's argv; fails on the shell form, which puts a shell before the JVM. */
  List<String> entrypoint() {
    List<String> entrypoints = arguments("ENTRYPOINT");
    if (entrypoints.isEmpty()) {
      throw new AssertionError(file + ": no ENTRYPOINT");
    }
    String last = entrypoints.get(entrypoints.size() - 1).trim();
    if (!last.startsWith("[")) {
      throw new AssertionError(file + ": ENTRYPOINT is not in exec form: " + last);
    }
    try {
      return new ObjectMapper().readValue(last, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new AssertionError(file + ": ENTRYPOINT is not a JSON array: " + last, e);
    }
  }

  /** ENV variables, later instructions winning. */
  Map<String, String> env() {
    return pairs("ENV");
  }

  Map<String, String> labels() {
    return pairs("LABEL");
  }

  /**
   * The build-context path an image path is copied from, if a COPY puts it there: a file copied to
   * its destination (or into a destination directory), or a file inside a copied directory. Later
   * COPY instructions win, as later layers do.
   */
  Optional<String> contextPathOf(String imagePath) {
    List<Copy> copies = copies();
    for (int i = copies.size() - 1; i >= 0; i--) {
      Copy copy = copies.get(i);
      if (copy.fromStage()) {
        continue;
      }
      for (String source : copy.sources()) {
        Optional<String> match = contextPathOf(imagePath, source, copy.destination());
        if (match.isPresent()) {
          return match;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> contextPathOf(
      String imagePath, String source, String destination) {
    boolean sourceIsDirectory = source.endsWith("/");
    if (sourceIsDirectory) {
      // COPY dir/ /dest/ copies the directory's content into /dest/.
      String into = destination.endsWith("/") ? destination : destination + "/";
      return imagePath.startsWith(into)
          ? Optional.of(source + imagePath.substring(into.length()))
          : Optional.empty();
    }
    String target =
        destination.endsWith("/")
            ? destination + source.substring(source.lastIndexOf('/') + 1)
            : destination;
    return imagePath.equals(target) ? Optional.of(source) : Optional.empty();
  }

  private List<String> arguments(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword().equals(keyword))
        .map(Instruction::arguments)
        .toList();
  }

  private Map<String, String> pairs(String keyword) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String arguments : arguments(keyword)) {
      for (String word : words(arguments)) {
        int equals = word.indexOf('=');
        if (equals < 1) {
          throw new AssertionError(file + ": expected KEY=value in " + keyword + " " + arguments);
        }
        pairs.put(word.substring(0, equals), word.substring(equals + 1));
      }
    }
    return pairs;
  }

  /** Splits on blanks outside double quotes and drops the quotes. */
  private static List<String> words(String arguments) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '\\' && quoted && i + 1 < arguments.length()) {
        word.append(arguments.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static List<Instruction> parse(List<String> lines) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder logical = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.isEmpty())) {
        continue; // comments may sit inside a continued instruction too
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String text = logical.toString().strip();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      String[] keywordAndArguments = text.split("\\s+", 2);
      instructions.add(
          new Instruction(
              keywordAndArguments[0].toUpperCase(Locale.ROOT),
              keywordAndArguments.length > 1 ? keywordAndArguments[1] : ""));
    }
    return instructions;
  }
}
