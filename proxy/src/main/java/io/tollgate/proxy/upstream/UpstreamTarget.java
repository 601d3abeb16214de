package io.tollgate.proxy.upstream;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.routing.BackendStates;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A backend's address and request headers, built once when a snapshot is installed so requests
 * never parse URLs or build header values.
 */
public record UpstreamTarget(
    Backend backend,
    String host,
    int port,
    boolean ssl,
    String pathPrefix,
    String query,
    String stateKey,
    MultiMap jsonHeaders,
    MultiMap streamHeaders) {

  private static final String USER_AGENT = "tollgate/0.1";

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
    // The AWS SDK finds the regional endpoint itself; its host only names the backend in errors.
    URI base =
        backend.baseUrl() != null
            ? backend.baseUrl()
            : URI.create(
                (backend.provider() == Provider.SAGEMAKER
                        ? "https://runtime.sagemaker."
                        : "https://bedrock-runtime.")
                    + backend.aws().region()
                    + ".amazonaws.com");
    boolean ssl = "https".equals(base.getScheme());
    int port = base.getPort() != -1 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    String query = "";
    if (backend.provider() == Provider.AZURE_OPENAI) {
      // Azure scopes operations to a deployment and versions them with a query parameter.
      path +=
          "/openai/deployments/"
              + URLEncoder.encode(backend.upstreamModel(), StandardCharsets.UTF_8);
      query =
          "?api-version=" + URLEncoder.encode(backend.azureApiVersion(), StandardCharsets.UTF_8);
    }
    List<String> headers = headers(backend);
    return new UpstreamTarget(
        backend,
        base.getHost(),
        port,
        ssl,
        path,
        query,
        stateKey,
        requestHeaders(headers, "application/json"),
        requestHeaders(headers, "text/event-stream"));
  }

  /** The fixed headers of every request to this target; never modified after this. */
  private static MultiMap requestHeaders(List<String> auth, String accept) {
    MultiMap map =
        HttpHeaders.headers()
            .add("content-type", "application/json")
            .add("accept", accept)
            .add("user-agent", USER_AGENT);
    for (int i = 0; i < auth.size(); i += 2) {
      map.add(auth.get(i), auth.get(i + 1));
    }
    return map;
  }

  /** The provider's auth (and protocol) headers, as name, value, name, value… */
  private static List<String> headers(Backend backend) {
    String key = backend.apiKey();
    return switch (backend.provider()) {
      case ANTHROPIC ->
          key == null
              ? List.of("anthropic-version", ANTHROPIC_VERSION)
              : List.of("x-api-key", key, "anthropic-version", ANTHROPIC_VERSION);
      // With Entra ID the key is the client secret, never sent upstream: a bearer token goes
      // with each request instead (HttpUpstreamCall).
      case AZURE_OPENAI -> backend.entra() != null ? List.of() : List.of("api-key", key);
      case OPENAI, OPENAI_COMPATIBLE ->
          key == null ? List.of() : List.of("authorization", "Bearer " + key);
      // The SDK signs (or sends the API key) per request.
      case BEDROCK, SAGEMAKER -> List.of();
    };
  }

  /** The request URI for an OpenAI-style operation such as {@code /chat/completions}. */
  public String uri(String operationPath) {
    return pathPrefix + operationPath + query;
  }

  @Override
  public String toString() {
    return "UpstreamTarget[" + backend + "]";
  }
}
