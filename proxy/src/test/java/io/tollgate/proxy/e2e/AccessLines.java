package io.tollgate.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the gateway's access-log lines while open, to check what a request recorded. */
final class AccessLines extends Handler implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  static AccessLines capture() {
    AccessLines capture = new AccessLines();
    Logger.getLogger("tollgate.access").addHandler(capture);
    return capture;
  }

  /** The line of a request; it is written just after the response ends, so it may lag a little. */
  JsonNode lineFor(String requestId) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        JsonNode json = JSON.readTree(line);
        if (requestId.equals(json.path("request_id").asText())) {
          return json;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no access-log line for " + requestId + " in " + lines);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("tollgate.access").removeHandler(this);
  }
}
