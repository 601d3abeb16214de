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
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What AWS SDK failures have in common, whichever service: the exception under the SDK's wrappers,
 * whether the service sent it or the transport failed, missing credentials, and the error response
 * the attempt loop reads ({@code x-amzn-ErrorType}, {@code {"message"}}) as it reads any HTTP
 * error.
 */
final class AwsFailures {

  private AwsFailures() {}

  /** Missing AWS credentials as a 401, the gateway's own credential problem; else null. */
  static ErrorResponse missingCredentials(Throwable cause) {
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

  /** Whether the failure is the service's own (an exception it sent), not the transport's. */
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
   * An error the service answered with, as the loop reads HTTP errors; {@code param} names the
   * request field when the gateway itself found the request invalid.
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
      encoder.quoteAsString(
          message == null ? "The service failed without a message." : message, json);
      json.append('"');
      if (param != null) {
        encoder.quoteAsString(param, json.append(",\"param\":\""));
        json.append('"');
      }
      return Buffer.buffer(json.append('}').toString());
    }
  }
}
