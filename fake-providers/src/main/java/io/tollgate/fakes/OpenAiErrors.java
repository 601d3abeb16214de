package io.tollgate.fakes;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** OpenAI-shaped error bodies, always with all four keys: message, type, param, code. */
final class OpenAiErrors {

  static final String BAD_JSON =
      body(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't"
              + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but what"
              + " was sent was not valid JSON. If you have trouble figuring out how to fix this,"
              + " please contact us through our help center at help.openai.com.)",
          "invalid_request_error",
          null,
          null);

  static final String MISSING_MODEL =
      body("you must provide a model parameter", "invalid_request_error", null, null);

  static final String MISSING_API_KEY =
      body(
          "You didn't provide an API key. You need to provide your API key in an Authorization"
              + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password"
              + " field (with blank username) if you're accessing the API from your browser and are"
              + " prompted for a username and password. You can obtain an API key from"
              + " https://platform.openai.com/account/api-keys.",
          "invalid_request_error",
          null,
          null);

  private OpenAiErrors() {}

  /** {@code {"error":{...}}} with JSON escaping; null arguments become JSON null. */
  static String body(String message, String type, String param, String code) {
    return "{\"error\":{\"message\":"
        + quote(message)
        + ",\"type\":"
        + quote(type)
        + ",\"param\":"
        + quote(param)
        + ",\"code\":"
        + quote(code)
        + "}}";
  }

  static String missingParameter(String param) {
    return body(
        "Missing required parameter: '" + param + "'.",
        "invalid_request_error",
        param,
        "missing_required_parameter");
  }

  static String invalidApiKey(String provided) {
    return body(
        "Incorrect API key provided: "
            + mask(provided)
            + ". You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        null,
        "invalid_api_key");
  }

  static String invalidUrl(String method, String path) {
    return body("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
  }

  static String modelNotFound(String model) {
    return body(
        "The model '" + model + "' does not exist or you do not have access to it.",
        "invalid_request_error",
        "model",
        "model_not_found");
  }

  /** The body OpenAI sends for a status, used when a test injects a failure without a body. */
  static String defaultFor(int status) {
    return switch (status) {
      case 400 -> body("Bad request", "invalid_request_error", null, null);
      case 401 -> invalidApiKey("sk-unknown");
      case 403 ->
          body(
              "You are not allowed to sample from this model", "invalid_request_error", null, null);
      case 404 -> modelNotFound("unknown");
      case 429 ->
          body(
              "Rate limit reached for requests. Please try again later.",
              "requests",
              null,
              "rate_limit_exceeded");
      case 503 ->
          body(
              "The engine is currently overloaded, please try again later.",
              "server_error",
              null,
              null);
      default ->
          body(
              "The server had an error while processing your request. Sorry about that!",
              "server_error",
              null,
              null);
    };
  }

  /** OpenAI shows only the ends of a wrong key, so tests never leak a full secret into logs. */
  private static String mask(String key) {
    if (key.length() <= 8) {
      return "*".repeat(key.length());
    }
    return key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
  }

  /** A JSON string literal, or {@code null}. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
