package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tollgate.proxy.http.ClientSchema;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.translate.BedrockEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Bedrock Runtime's error shape: the exception name in {@code x-amzn-ErrorType}, {@code
 * {"message"}} as the body, and the status Bedrock uses for that exception, so the AWS SDKs raise
 * their modelled exceptions ({@code ThrottlingException}, {@code AccessDeniedException}, …) and
 * retry where they would against Bedrock. Key problems are answered as AWS answers credential
 * problems: 403 with {@code UnrecognizedClientException} and its kin.
 */
public enum BedrockClientSchema implements ClientSchema {
  INSTANCE;

  static final String ERROR_TYPE = "x-amzn-ErrorType";

  /** A Bedrock exception: its status and name. */
  record BedrockError(int status, String type) {}

  @Override
  public void writeError(HttpServerResponse response, GatewayError error) {
    BedrockError mapped = of(error);
    response
        .setStatusCode(mapped.status())
        .putHeader("content-type", "application/json")
        .putHeader(ERROR_TYPE, mapped.type())
        .end(body(error.message()));
  }

  /**
   * An exception message of the stream. The stream's union has fewer members than the API's errors;
   * a failure of the answer itself is a {@code modelStreamErrorException}.
   */
  @Override
  public Buffer streamError(GatewayError error) {
    String type =
        switch (error.status()) {
          case 400 -> "validationException";
          case 429 -> "throttlingException";
          case 503 -> "serviceUnavailableException";
          case 500 -> "internalServerException";
          default -> "modelStreamErrorException";
        };
    return EventStreamEncoder.encode(BedrockEvent.exception(type, error.message()));
  }

  static BedrockError of(GatewayError error) {
    String code = error.code() == null ? "" : error.code();
    return switch (error.status()) {
      case 400 -> new BedrockError(400, "ValidationException");
      case 401 ->
          switch (code) {
            case "missing_api_key" -> new BedrockError(403, "MissingAuthenticationTokenException");
            case "expired_api_key" -> new BedrockError(403, "ExpiredTokenException");
            default -> new BedrockError(403, "UnrecognizedClientException");
          };
      case 403 -> new BedrockError(403, "AccessDeniedException");
      case 404 ->
          code.equals("unknown_url")
              ? new BedrockError(404, "UnknownOperationException")
              : new BedrockError(404, "ResourceNotFoundException");
      case 408, 504 -> new BedrockError(408, "ModelTimeoutException");
      case 413 -> new BedrockError(413, "ValidationException");
      case 429 -> new BedrockError(429, "ThrottlingException");
      case 503 -> new BedrockError(503, "ServiceUnavailableException");
      case 502 ->
          code.equals("upstream_bad_response")
              ? new BedrockError(424, "ModelErrorException")
              : new BedrockError(502, "InternalServerException");
      default -> new BedrockError(500, "InternalServerException");
    };
  }

  static Buffer body(String message) {
    StringBuilder json = new StringBuilder(16 + message.length()).append("{\"message\":\"");
    JsonStringEncoder.getInstance().quoteAsString(message, json);
    return Buffer.buffer(json.append("\"}").toString());
  }
}
