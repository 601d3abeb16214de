package io.tollgate.config.snapshot;

import java.net.URI;
import java.util.Objects;

/**
 * One upstream deployment of a route, with its credential already resolved from its Secret.
 *
 * @param name the backend's name within its route (unique there); appears in metrics and logs
 * @param provider the wire protocol spoken upstream
 * @param upstreamModel the model id sent upstream in place of the client's public model name
 * @param baseUrl the upstream API root without a trailing slash, e.g. {@code
 *     https://api.openai.com/v1}; request paths such as {@code /chat/completions} are appended
 * @param apiKey the upstream credential, or null when the backend needs none
 */
public record Backend(
    String name, Provider provider, String upstreamModel, URI baseUrl, String apiKey) {

  public Backend {
    requireText(name, "name");
    Objects.requireNonNull(provider, "provider");
    requireText(upstreamModel, "upstreamModel");
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("baseUrl must be http or https: " + baseUrl);
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must name a host: " + baseUrl);
    }
    if (baseUrl.getPath() != null && baseUrl.getPath().endsWith("/")) {
      throw new IllegalArgumentException("baseUrl must not end with '/': " + baseUrl);
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must be null or non-blank");
    }
  }

  /** Keeps credentials out of logs and exception messages. */
  @Override
  public String toString() {
    return "Backend[name="
        + name
        + ", provider="
        + provider.wireName()
        + ", upstreamModel="
        + upstreamModel
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + "]";
  }

  static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
