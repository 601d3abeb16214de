package io.tollgate.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.http.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what an upstream did wrong into a {@link GatewayError} a client can act on: the client's
 * own mistakes (400, 413) keep the provider's message, the gateway's problems (bad credentials,
 * unknown upstream model, outages) become 502/503/504 that name the backend. Credentials never
 * appear in a message.
 */
public final class UpstreamErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UpstreamErrors() {}

  /** An upstream HTTP error response. */
  public static GatewayError fromResponse(
      UpstreamTarget target, String model, int status, Buffer body, String retryAfter) {
    String upstreamMessage = scrub(target, messageOf(body));
    String backend = "backend '" + target.backend().name() + "' of model '" + model + "'";
    return switch (status) {
      case 400, 422 ->
          new GatewayError(
              400,
              "invalid_request_error",
              codeOf(body, "upstream_bad_request"),
              paramOf(body),
              upstreamMessage != null ? upstreamMessage : "The upstream rejected the request.",
              null);
      case 401, 403 ->
          new GatewayError(
              502,
              "api_error",
              "upstream_auth_failed",
              null,
              "The provider rejected the gateway's credentials for "
                  + backend
                  + " (HTTP "
                  + status
                  + (target.backend().provider().aws()
                      ? "); the proxy's AWS identity (or its roleArn) needs the IAM permissions"
                          + " in docs/providers.md."
                      : "); the platform team must fix its credentialsSecretRef."),
              null);
      case 404 ->
          new GatewayError(
              502,
              "api_error",
              "upstream_not_found",
              null,
              "The provider does not know upstream model '"
                  + target.backend().upstreamModel()
                  + "' of "
                  + backend
                  + " (HTTP 404)"
                  + (upstreamMessage == null ? "." : ": " + upstreamMessage),
              null);
      case 408 -> timeout(target, model);
      case 413 ->
          new GatewayError(
              413,
              "invalid_request_error",
              "request_too_large",
              null,
              upstreamMessage != null ? upstreamMessage : "The request is too large for the model.",
              null);
      case 429 ->
          new GatewayError(
              429,
              "rate_limit_error",
              "upstream_rate_limited",
              null,
              "The provider is rate limiting "
                  + backend
                  + (upstreamMessage == null ? "." : ": " + upstreamMessage),
              parseRetryAfterSeconds(retryAfter));
      case 503, 529 ->
          new GatewayError(
              503,
              "api_error",
              "upstream_unavailable",
              null,
              "The provider is overloaded or unavailable for "
                  + backend
                  + " (HTTP "
                  + status
                  + ").",
              parseRetryAfterSeconds(retryAfter));
      case 504 -> timeout(target, model);
      default ->
          new GatewayError(
              502,
              "api_error",
              "upstream_error",
              null,
              "The provider failed for "
                  + backend
                  + " (HTTP "
                  + status
                  + ")"
                  + (upstreamMessage == null ? "." : ": " + upstreamMessage),
              null);
    };
  }

  /** The error {@code code} and {@code message} of an OpenAI-shaped error body, for classifying. */
  public static FailureKind classify(int status, Buffer body) {
    return FailureKind.ofStatus(status, codeOf(body, null), messageOf(body));
  }

  /** How a failure to get a whole response counts: timeout or connection trouble. */
  public static FailureKind classify(Throwable failure) {
    if (failure instanceof UpstreamCredentialsException) {
      return FailureKind.BACKEND_MISCONFIGURED;
    }
    return isTimeout(failure) ? FailureKind.TIMEOUT : FailureKind.CONNECT_ERROR;
  }

  private static boolean isTimeout(Throwable failure) {
    return failure instanceof TimeoutException
        || failure.getClass().getSimpleName().contains("Timeout");
  }

  /** A failure to reach the upstream or to get a whole response from it. */
  public static GatewayError fromFailure(UpstreamTarget target, String model, Throwable failure) {
    String backend = "backend '" + target.backend().name() + "' of model '" + model + "'";
    if (isTimeout(failure)) {
      return timeout(target, model);
    }
    if (failure instanceof UpstreamCredentialsException) {
      return new GatewayError(
          502,
          "api_error",
          "upstream_auth_failed",
          null,
          "The gateway has no credential for " + backend + ": " + failure.getMessage(),
          null);
    }
    if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
      return new GatewayError(
          502,
          "api_error",
          "upstream_unreachable",
          null,
          "The gateway could not connect to "
              + backend
              + " at "
              + target.host()
              + ":"
              + target.port()
              + ".",
          null);
    }
    if (failure instanceof HttpClosedException || failure instanceof StreamResetException) {
      return new GatewayError(
          502,
          "api_error",
          "upstream_connection_closed",
          null,
          "The connection to " + backend + " closed before the response was complete.",
          null);
    }
    return new GatewayError(
        502,
        "api_error",
        "upstream_error",
        null,
        "The call to "
            + backend
            + " failed: "
            + scrub(target, String.valueOf(failure.getMessage())),
        null);
  }

  /** No backend of the route could take the request (all cooling down or at capacity). */
  public static GatewayError noBackendAvailable(String model, boolean atCapacity, long retryAfter) {
    return atCapacity
        ? new GatewayError(
            429,
            "rate_limit_error",
            "backend_capacity_exhausted",
            null,
            "Every backend of model '" + model + "' is at its configured capacity; retry shortly.",
            retryAfter)
        : new GatewayError(
            503,
            "api_error",
            "no_backend_available",
            null,
            "Every backend of model '" + model + "' is failing and resting; retry shortly.",
            retryAfter);
  }

  /** The route's whole-request timeout passed. */
  public static GatewayError requestTimeout(String model) {
    return new GatewayError(
        504,
        "api_error",
        "request_timeout",
        null,
        "The request to model '" + model + "' did not complete within its time limit.",
        null);
  }

  /** An attempt's first streamed chunk did not come in time. */
  public static GatewayError firstTokenTimeout(UpstreamTarget target, String model) {
    return new GatewayError(
        504,
        "api_error",
        "upstream_timeout",
        null,
        "Backend '"
            + target.backend().name()
            + "' of model '"
            + model
            + "' sent no token within the first-token time limit.",
        null);
  }

  /** A non-streamed upstream response larger than the gateway buffers. */
  public static GatewayError tooLarge(UpstreamTarget target, String model, long limit) {
    return new GatewayError(
        502,
        "api_error",
        "upstream_response_too_large",
        null,
        "The response of backend '"
            + target.backend().name()
            + "' of model '"
            + model
            + "' exceeded the gateway's limit of "
            + limit
            + " bytes.",
        null);
  }

  static GatewayError timeout(UpstreamTarget target, String model) {
    return new GatewayError(
        504,
        "api_error",
        "upstream_timeout",
        null,
        "Backend '"
            + target.backend().name()
            + "' of model '"
            + model
            + "' did not answer in time.",
        null);
  }

  private static JsonNode errorNode(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body.getBytes());
      JsonNode error = root == null ? null : root.get("error");
      return error != null && error.isObject() ? error : root;
    } catch (IOException e) {
      return null;
    }
  }

  private static String messageOf(Buffer body) {
    JsonNode error = errorNode(body);
    if (error != null && error.path("message").isTextual()) {
      return error.get("message").asText();
    }
    if (error == null && body != null && body.length() > 0 && body.length() <= 512) {
      return body.toString().strip();
    }
    return null;
  }

  private static String codeOf(Buffer body, String fallback) {
    JsonNode error = errorNode(body);
    return error != null && error.path("code").isTextual() ? error.get("code").asText() : fallback;
  }

  private static String paramOf(Buffer body) {
    JsonNode error = errorNode(body);
    return error != null && error.path("param").isTextual() ? error.get("param").asText() : null;
  }

  /** Removes the backend's credential from text an upstream produced, should it echo it. */
  static String scrub(UpstreamTarget target, String text) {
    String secret = target.backend().apiKey();
    if (text == null || secret == null || secret.length() < 4) {
      return text;
    }
    return text.replace(secret, "***");
  }

  /** A Retry-After header in whole seconds (rounded up), or null when absent or a date. */
  public static Long parseRetryAfterSeconds(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Math.max(0, (long) Math.ceil(Double.parseDouble(value.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
