package io.tollgate.proxy.upstream;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.routing.BackendStates;
import java.net.URI;
import java.util.List;

/**
 * A backend's address and auth header, parsed once when a snapshot is installed so requests never
 * parse URLs or build header values.
 */
public record UpstreamTarget(
    Backend backend,
    String host,
    int port,
    boolean ssl,
    String pathPrefix,
    List<String> headers,
    String stateKey) {

  /** Anthropic's API version header value the gateway speaks. */
  public static final String ANTHROPIC_VERSION = "2023-06-01";

  /** A target outside any route (tests). */
  public static UpstreamTarget of(Backend backend) {
    return of(backend, "-/" + backend.name());
  }

  public static UpstreamTarget of(Route route, Backend backend) {
    return of(backend, BackendStates.key(route, backend));
  }

  private static UpstreamTarget of(Backend backend, String stateKey) {
    URI base = backend.baseUrl();
    boolean ssl = "https".equals(base.getScheme());
    int port = base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    return new UpstreamTarget(backend, base.getHost(), port, ssl, path, headers(backend), stateKey);
  }

  /** The provider's auth (and protocol) headers, as name, value, name, value… */
  private static List<String> headers(Backend backend) {
    String key = backend.apiKey();
    return switch (backend.provider()) {
      case ANTHROPIC ->
          key == null
              ? List.of("anthropic-version", ANTHROPIC_VERSION)
              : List.of("x-api-key", key, "anthropic-version", ANTHROPIC_VERSION);
      case OPENAI, OPENAI_COMPATIBLE ->
          key == null ? List.of() : List.of("authorization", "Bearer " + key);
    };
  }

  /** The request URI for an OpenAI-style operation such as {@code /chat/completions}. */
  public String uri(String operationPath) {
    return pathPrefix + operationPath;
  }

  @Override
  public String toString() {
    return "UpstreamTarget[" + backend + "]";
  }
}
