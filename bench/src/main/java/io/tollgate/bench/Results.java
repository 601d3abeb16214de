package io.tollgate.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Result files: plain {@code key=value} lines, so the shell script can append to them. */
public final class Results {

  private Results() {}

  public static void write(Path file, Map<String, String> values) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(format(values));
    }
  }

  public static String format(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\n", " ")).append('\n'));
    return sb.toString();
  }

  /** Reads a result file; an absent file reads as empty. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    // Properties only for the parsing (escapes, comments); values are taken as they are.
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    for (String name : p.stringPropertyNames()) {
      out.put(name, p.getProperty(name).trim());
    }
    return out;
  }
}
