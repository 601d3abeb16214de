package io.tollgate.proxy.upstream;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.routing.BackendStates;
import java.net.URI;

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
    String authorization,
    String stateKey) {

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
    String auth = backend.apiKey() == null ? null : "Bearer " + backend.apiKey();
    return new UpstreamTarget(backend, base.getHost(), port, ssl, path, auth, stateKey);
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
