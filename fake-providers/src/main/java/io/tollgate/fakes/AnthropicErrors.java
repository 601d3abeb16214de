package io.tollgate.fakes;

/** Anthropic-shaped error bodies: {@code {"type":"error","error":{"type","message"}}}. */
final class AnthropicErrors {

  private AnthropicErrors() {}

  static String body(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":"
        + OpenAiErrors.quote(type)
        + ",\"message\":"
        + OpenAiErrors.quote(message)
        + "}}";
  }

  /** The error type Anthropic uses for a status. */
  static String typeFor(int status) {
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

  /** The body Anthropic sends for a status, used when a test injects a failure without a body. */
  static String defaultFor(int status) {
    String message =
        switch (status) {
          case 400 -> "Bad request";
          case 401 -> "invalid x-api-key";
          case 403 -> "Your API key does not have permission to use the specified resource.";
          case 404 -> "Not found";
          case 413 -> "Request exceeds the maximum allowed number of bytes.";
          case 429 ->
              "This request would exceed the rate limit for your organization. Please try again"
                  + " later.";
          case 529 -> "Overloaded";
          default -> "Internal server error";
        };
    return body(typeFor(status), message);
  }
}
