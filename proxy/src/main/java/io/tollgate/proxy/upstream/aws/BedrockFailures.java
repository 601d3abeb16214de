package io.tollgate.proxy.upstream.aws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

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
  static ErrorResponse response(Throwable failure) {
    Throwable cause = unwrap(failure);
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
      return new ErrorResponse(status(type, service.statusCode()), type, message, retryAfter, null);
    }
    if (cause instanceof SdkClientException client
        && String.valueOf(client.getMessage()).toLowerCase(Locale.ROOT).contains("credentials")) {
      return new ErrorResponse(401, "MissingCredentials", client.getMessage(), null, null);
    }
    return null;
  }

  /**
   * The failure as the loop's HTTP failures look: the underlying I/O or timeout exception where
   * there is one, so it is classified and worded the same.
   */
  static Throwable transport(Throwable failure) {
    Throwable cause = unwrap(failure);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return t;
      }
    }
    return cause;
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
    Throwable cause = unwrap(failure);
    String type = null;
    if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      type = service.awsErrorDetails().errorCode();
    }
    if (type == null || type.isEmpty()) {
      type = cause.getClass().getSimpleName();
    }
    return Character.toLowerCase(type.charAt(0)) + type.substring(1);
  }

  /** Whether the failure is Bedrock's own (an exception it sent), not the transport's. */
  static boolean fromService(Throwable failure) {
    return unwrap(failure) instanceof AwsServiceException;
  }

  static String message(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorMessage();
    }
    return cause.getMessage();
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * An error Bedrock answered with, as the loop reads HTTP errors; {@code param} names the request
   * field when the gateway itself found the request invalid.
   */
  record ErrorResponse(int status, String type, String message, String retryAfter, String param) {

    MultiMap headers() {
      MultiMap headers =
          HttpHeaders.headers()
              .add("content-type", "application/json")
              .add("x-amzn-ErrorType", type);
      if (retryAfter != null) {
        headers.add("retry-after", retryAfter);
      }
      return headers;
    }

    Buffer body() {
      StringBuilder json = new StringBuilder("{\"message\":\"");
      JsonStringEncoder encoder = JsonStringEncoder.getInstance();
      encoder.quoteAsString(message == null ? "Bedrock failed without a message." : message, json);
      json.append('"');
      if (param != null) {
        encoder.quoteAsString(param, json.append(",\"param\":\""));
        json.append('"');
      }
      return Buffer.buffer(json.append('}').toString());
    }
  }
}
