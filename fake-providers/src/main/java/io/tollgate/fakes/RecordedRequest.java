package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request as the fake received it, for test assertions.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without the query, e.g. {@code /v1/chat/completions}
 * @param query raw query string, or null
 * @param headers header values keyed by lower-case name (lookups are also case-insensitive)
 * @param body raw body bytes (do not modify)
 * @param json the body parsed as JSON, or null when empty or not JSON
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}, the protocol the request came over
 */
public record RecordedRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body,
    JsonNode json,
    String protocol) {

  /** First value of a header, case-insensitive, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
