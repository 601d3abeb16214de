package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream errors re-expressed in the client's schema. An upstream 401/403 concerns the gateway's
 * own credentials, which the client cannot fix, so it becomes a 502; overload becomes the client's
 * retryable overload status (OpenAI 503, Anthropic 529).
 */
final class ErrorMapping {

  private static final String UPSTREAM_CREDENTIALS =
      "The upstream provider rejected the gateway's credentials; ask your platform team.";

  private ErrorMapping() {}

  static TranslatedError openAiFromAnthropic(int status, String type, String message) {
    String kind = type != null ? type : anthropicTypeFor(status);
    String text = message != null ? message : "Upstream error (" + status + ").";
    return switch (kind) {
      case "invalid_request_error" -> openAi(400, text, "invalid_request_error", null);
      case "authentication_error", "permission_error" ->
          openAi(502, UPSTREAM_CREDENTIALS, "upstream_error", "upstream_auth_failed");
      case "not_found_error" -> openAi(404, text, "invalid_request_error", "model_not_found");
      case "request_too_large" -> openAi(413, text, "invalid_request_error", "request_too_large");
      case "rate_limit_error" -> openAi(429, text, "requests", "rate_limit_exceeded");
      case "overloaded_error" -> openAi(503, text, "server_error", "upstream_overloaded");
      default -> openAi(502, text, "server_error", "upstream_error");
    };
  }

  static TranslatedError anthropicFromOpenAi(int status, String message) {
    String text = message != null ? message : "Upstream error (" + status + ").";
    return switch (status) {
      case 400, 422 -> anthropic(400, "invalid_request_error", text);
      case 401, 403 -> anthropic(502, "api_error", UPSTREAM_CREDENTIALS);
      case 404 -> anthropic(404, "not_found_error", text);
      case 413 -> anthropic(413, "request_too_large", text);
      case 429 -> anthropic(429, "rate_limit_error", text);
      case 503 -> anthropic(529, "overloaded_error", text);
      default -> anthropic(502, "api_error", text);
    };
  }

  /**
   * A ConverseStream exception (Bedrock sends them once a stream has started) as an OpenAI error:
   * throttling and overload keep their meaning, so clients back off on them.
   */
  static TranslatedError openAiFromBedrock(String exceptionType, String message) {
    String text = message != null ? message : "The upstream stream failed.";
    return switch (exceptionType) {
      case "throttlingException", "serviceQuotaExceededException" ->
          openAi(429, text, "requests", "rate_limit_exceeded");
      case "serviceUnavailableException", "modelNotReadyException" ->
          openAi(503, text, "server_error", "upstream_overloaded");
      case "validationException" -> openAi(400, text, "invalid_request_error", null);
      default -> openAi(502, text, "server_error", "upstream_error");
    };
  }

  /** The OpenAI error type Anthropic would use for a status when the body names none. */
  static String anthropicTypeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
  }

  /** OpenAI's error body with all four keys. */
  static TranslatedError openAi(int status, String message, String type, String code) {
    ObjectNode body = JsonTrees.object();
    body.putObject("error")
        .put("message", message)
        .put("type", type)
        .putNull("param")
        .put("code", code);
    return new TranslatedError(status, body);
  }

  static TranslatedError anthropic(int status, String type, String message) {
    ObjectNode body = JsonTrees.object().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    return new TranslatedError(status, body);
  }
}
