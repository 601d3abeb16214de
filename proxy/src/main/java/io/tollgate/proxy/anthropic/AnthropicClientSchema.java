package io.tollgate.proxy.anthropic;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tollgate.proxy.http.ClientSchema;
import io.tollgate.proxy.http.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Anthropic's error shape, {@code {"type":"error","error":{"type","message"}}}, with the error type
 * Anthropic uses for each status. Overload and unavailability (503) become Anthropic's 529 {@code
 * overloaded_error}, which its SDKs know to retry.
 */
public enum AnthropicClientSchema implements ClientSchema {
  INSTANCE;

  static final int OVERLOADED = 529;

  @Override
  public void writeError(HttpServerResponse response, GatewayError error) {
    int status = status(error);
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body(type(status), error.message()));
  }

  @Override
  public Buffer streamError(GatewayError error) {
    return Buffer.buffer("event: error\ndata: ")
        .appendBuffer(body(type(status(error)), error.message()))
        .appendString("\n\n");
  }

  static int status(GatewayError error) {
    return error.status() == 503 ? OVERLOADED : error.status();
  }

  static String type(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case OVERLOADED -> "overloaded_error";
      default -> "api_error";
    };
  }

  static Buffer body(String type, String message) {
    StringBuilder json = new StringBuilder(64 + message.length());
    json.append("{\"type\":\"error\",\"error\":{\"type\":\"")
        .append(type)
        .append("\",\"message\":\"");
    JsonStringEncoder.getInstance().quoteAsString(message, json);
    return Buffer.buffer(json.append("\"}}").toString());
  }
}
