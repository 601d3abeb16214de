package io.tollgate.fakes;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/** Azure OpenAI's deployment-scoped chat path, its key header and its bare error bodies. */
final class AzurePaths {

  static final String PREFIX = "/openai/deployments/";
  private static final String CHAT_SUFFIX = "/chat/completions";

  // Azure's errors carry only code and message, not OpenAI's four keys.
  static final String NOT_FOUND =
      "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}";
  static final String ACCESS_DENIED =
      "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or"
          + " wrong API endpoint. Make sure to provide a valid key for an active subscription and"
          + " use a correct regional API endpoint for your resource.\"}}";

  private AzurePaths() {}

  /** The deployment of {@code POST /openai/deployments/{deployment}/chat/completions}, or null. */
  static String chatDeployment(HttpServerRequest req) {
    String path = req.path();
    if (req.method() != HttpMethod.POST || !path.endsWith(CHAT_SUFFIX)) {
      return null;
    }
    String deployment = path.substring(PREFIX.length(), path.length() - CHAT_SUFFIX.length());
    return deployment.isEmpty() || deployment.contains("/") ? null : deployment;
  }

  /** The {@code api-key} header, or an Entra-style bearer token, equals the expected key. */
  static boolean keyMatches(HttpServerRequest req, String expected) {
    String apiKey = req.getHeader("api-key");
    if (apiKey != null) {
      return apiKey.equals(expected);
    }
    String auth = req.getHeader("Authorization");
    return auth != null
        && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        && auth.substring(7).trim().equals(expected);
  }
}
