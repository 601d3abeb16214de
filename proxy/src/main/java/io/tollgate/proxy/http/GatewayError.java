package io.tollgate.proxy.http;

/**
 * A failure the gateway reports to a client, independent of the client's schema; each front door
 * renders it in its own error shape.
 *
 * @param status the HTTP status
 * @param type the OpenAI-style error type, e.g. {@code invalid_request_error}
 * @param code a stable machine-readable code, e.g. {@code model_not_found}, or null
 * @param param the request field at fault, or null
 * @param message what went wrong and, where the client can act, what to do
 * @param retryAfterSeconds a {@code Retry-After} value, or null
 */
public record GatewayError(
    int status, String type, String code, String param, String message, Long retryAfterSeconds) {

  public static GatewayError badRequest(String message, String param, String code) {
    return new GatewayError(400, "invalid_request_error", code, param, message, null);
  }

  public static GatewayError missingKey() {
    return new GatewayError(
        401,
        "invalid_request_error",
        "missing_api_key",
        null,
        "You didn't provide an API key. Send your Tollgate key as 'Authorization: Bearer <key>'"
            + " (the 'x-api-key' and 'api-key' headers work too).",
        null);
  }

  public static GatewayError invalidKey() {
    return new GatewayError(
        401,
        "invalid_request_error",
        "invalid_api_key",
        null,
        "Incorrect API key provided. Ask your platform team for a valid Tollgate key.",
        null);
  }

  public static GatewayError expiredKey(java.time.Instant at) {
    return new GatewayError(
        401,
        "invalid_request_error",
        "expired_api_key",
        null,
        "This API key expired at " + at + ". Ask your platform team for a new one.",
        null);
  }

  public static GatewayError modelNotAllowed(String model) {
    return new GatewayError(
        403,
        "permission_error",
        "model_not_allowed",
        "model",
        "Your API key is not allowed to use the model '" + model + "'.",
        null);
  }

  public static GatewayError modelNotFound(String model) {
    return new GatewayError(
        404,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '"
            + model
            + "' does not exist. GET /v1/models lists the models your key may use.",
        null);
  }

  public static GatewayError notFound(String method, String path) {
    return new GatewayError(
        404,
        "invalid_request_error",
        "unknown_url",
        null,
        "Unknown request URL: " + method + " " + path + ".",
        null);
  }

  public static GatewayError tooLarge(long limitBytes) {
    return new GatewayError(
        413,
        "invalid_request_error",
        "request_too_large",
        null,
        "The request body is larger than the gateway's limit of " + limitBytes + " bytes.",
        null);
  }

  public static GatewayError notReady() {
    return new GatewayError(
        503,
        "api_error",
        "gateway_not_ready",
        null,
        "The gateway has no configuration loaded yet; retry shortly.",
        null);
  }

  public static GatewayError internal(String requestId) {
    return new GatewayError(
        500,
        "api_error",
        "internal_error",
        null,
        "The gateway failed to handle this request (request id " + requestId + ").",
        null);
  }
}
