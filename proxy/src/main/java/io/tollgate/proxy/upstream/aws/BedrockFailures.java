package io.tollgate.proxy.upstream.aws;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What a failed SDK call means to the attempt loop. A Bedrock exception becomes the error response
 * Bedrock sent (status, {@code x-amzn-ErrorType}, {@code {"message"}}), so the loop classifies it
 * as it classifies any HTTP error: throttling and quota exhaustion are 429 (rate-limited, retried
 * on another backend), {@code ModelNotReadyException} counts as 503 (Bedrock sends 429, but the
 * model is loading, not throttling), access and validation errors keep their 403/400. Transport
 * trouble becomes the cause the loop knows (connection refused or lost, timeout); missing AWS
 * credentials become a 401, the gateway's own credential problem.
 */
final class BedrockFailures {

  private BedrockFailures() {}

  /** An error response for the failure, or null when it is a transport failure. */
  static AwsFailures.ErrorResponse response(Throwable failure) {
    Throwable cause = AwsFailures.unwrap(failure);
    if (cause instanceof AwsServiceException service) {
      AwsErrorDetails details = service.awsErrorDetails();
      String type = details != null ? details.errorCode() : null;
      if (type == null) {
        type = service.getClass().getSimpleName();
      }
      String message = details != null ? details.errorMessage() : service.getMessage();
      String retryAfter =
          details != null && details.sdkHttpResponse() != null
              ? details.sdkHttpResponse().firstMatchingHeader("retry-after").orElse(null)
              : null;
      return new AwsFailures.ErrorResponse(
          status(type, service.statusCode()), type, message, retryAfter, null);
    }
    return AwsFailures.missingCredentials(cause);
  }

  /** The status Bedrock uses for an exception type (stream exceptions carry none of their own). */
  static int status(String type, int sent) {
    String name = type.toLowerCase(Locale.ROOT);
    if (name.endsWith("exception")) {
      name = name.substring(0, name.length() - "exception".length());
    }
    return switch (name) {
      case "validation" -> 400;
      case "accessdenied" -> 403;
      case "resourcenotfound" -> 404;
      case "modeltimeout" -> 408;
      case "modelerror" -> 424;
      case "throttling", "servicequotaexceeded" -> 429;
      case "internalserver", "modelstreamerror" -> 500;
      case "serviceunavailable", "modelnotready" -> 503;
      default -> sent > 0 ? sent : 502;
    };
  }

  /** The wire name of a stream exception event, e.g. {@code throttlingException}. */
  static String streamExceptionType(Throwable failure) {
    Throwable cause = AwsFailures.unwrap(failure);
    String type = null;
    if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      type = service.awsErrorDetails().errorCode();
    }
    if (type == null || type.isEmpty()) {
      type = cause.getClass().getSimpleName();
    }
    return Character.toLowerCase(type.charAt(0)) + type.substring(1);
  }
}
