package io.tollgate.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The access-log lines the gateway under test appended to its file since this capture began, to
 * check what a request recorded.
 */
final class AccessLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final long start;

  private AccessLines(Path file, long start) {
    this.file = file;
    this.start = start;
  }

  static AccessLines capture() {
    Path file = GatewayTestEnvironment.accessLog();
    try {
      return new AccessLines(file, Files.exists(file) ? Files.size(file) : 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines written since the capture began, each complete (ending in a newline). */
  List<String> lines() {
    try {
      byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      String text = new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>();
      for (int from = 0, end; (end = text.indexOf('\n', from)) >= 0; from = end + 1) {
        lines.add(text.substring(from, end));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The line of a request; it is written just after the response ends, so it may lag a little. */
  JsonNode lineFor(String requestId) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        JsonNode json = JSON.readTree(line);
        if (requestId.equals(json.path("request_id").asText())) {
          return json;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no access-log line for " + requestId + " in " + lines());
  }
}
