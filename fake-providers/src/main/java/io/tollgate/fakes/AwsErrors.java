package io.tollgate.fakes;

import java.util.Map;

/**
 * AWS rest-json errors: body {@code {"message"}} with the error type in {@code x-amzn-ErrorType},
 * named per service (Bedrock's {@code ThrottlingException}, SageMaker's {@code ModelError}).
 */
final class AwsErrors {

  static final String ERROR_TYPE = "x-amzn-ErrorType";

  private AwsErrors() {}

  static String body(String message) {
    return "{\"message\":" + OpenAiErrors.quote(message) + "}";
  }

  static Knobs.Failure failure(int status, String type, String message, Integer retryAfter) {
    return new Knobs.Failure(status, body(message), retryAfter, Map.of(ERROR_TYPE, type));
  }

  /** Bedrock Runtime's error type for a status. */
  static String bedrockType(int status) {
    return switch (status) {
      case 400 -> "ValidationException";
      case 403 -> "AccessDeniedException";
      case 404 -> "ResourceNotFoundException";
      case 408 -> "ModelTimeoutException";
      case 424 -> "ModelErrorException";
      case 429 -> "ThrottlingException";
      case 503 -> "ServiceUnavailableException";
      default -> "InternalServerException";
    };
  }

  /** SageMaker Runtime's error type for a status. */
  static String sageMakerType(int status) {
    return switch (status) {
      case 400 -> "ValidationError";
      case 424 -> "ModelError";
      case 429 -> "ModelNotReadyException";
      case 503 -> "ServiceUnavailable";
      default -> "InternalFailure";
    };
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Malformed input request, please reformat your input and try again.";
      case 403 -> "You don't have access to the model with the specified model ID.";
      case 404 -> "The provided model identifier is invalid.";
      case 408 -> "Model has timed out in processing the request.";
      case 424 -> "The model returned an error.";
      case 429 -> "Too many requests, please wait before trying again.";
      case 503 -> "The service is temporarily unavailable.";
      default -> "The server encountered an internal error.";
    };
  }
}
