package io.tollgate.proxy.upstream.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * What a failed SageMaker Runtime call means to the attempt loop. The container's own error, which
 * SageMaker wraps in a 424 {@code ModelError}, comes out as the container answered it (its status
 * and message: a prompt too long for the context window stays a 400 the client can act on, a
 * crashed container a 5xx the route may fail over); SageMaker's errors get the status they mean: an
 * unknown endpoint 404, throttling 429, a model still loading or a dependency down 503. Missing
 * credentials become a 401, as for Bedrock.
 */
final class SageMakerFailures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SageMakerFailures() {}

  /** An error response for the failure, or null when it is a transport failure. */
  static AwsFailures.ErrorResponse response(Throwable failure) {
    Throwable cause = AwsFailures.unwrap(failure);
    if (cause instanceof ModelErrorException model) {
      Integer original = model.originalStatusCode();
      int status = original != null && original >= 400 && original < 600 ? original : 502;
      String message = containerMessage(model.originalMessage());
      return new AwsFailures.ErrorResponse(
          status, "ModelError", message != null ? message : AwsFailures.message(model), null, null);
    }
    if (cause instanceof AwsServiceException service) {
      AwsErrorDetails details = service.awsErrorDetails();
      String type = details != null ? details.errorCode() : null;
      if (type == null) {
        type = service.getClass().getSimpleName();
      }
      String message = details != null ? details.errorMessage() : service.getMessage();
      return new AwsFailures.ErrorResponse(
          status(type, message, service.statusCode()), type, message, null, null);
    }
    return AwsFailures.missingCredentials(cause);
  }

  static int status(String type, String message, int sent) {
    String name = type.toLowerCase(Locale.ROOT);
    if (name.endsWith("exception")) {
      name = name.substring(0, name.length() - "exception".length());
    }
    return switch (name) {
      case "validationerror", "validation" ->
          String.valueOf(message).toLowerCase(Locale.ROOT).contains("not found") ? 404 : 400;
      case "accessdenied", "unrecognizedclient", "invalidsignature", "missingauthenticationtoken" ->
          403;
      case "throttling" -> 429;
      case "internalfailure", "internalstreamfailure", "modelstreamerror" -> 500;
      case "serviceunavailable", "modelnotready", "internaldependency" -> 503;
      default -> sent > 0 ? sent : 502;
    };
  }

  /**
   * The text of a container's error body: TGI's {@code {"error"}}, OpenAI's {@code {"error":
   * {"message"}}} or a bare {@code {"message"}}; the body itself when it is not JSON; null if none.
   */
  static String containerMessage(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return body;
    }
    if (json == null || !json.isObject()) {
      return body;
    }
    JsonNode error = json.get("error");
    if (error != null && error.isTextual()) {
      return error.asText();
    }
    if (error != null && error.path("message").isTextual()) {
      return error.get("message").asText();
    }
    JsonNode message = json.get("message");
    return message != null && message.isTextual() ? message.asText() : body;
  }
}
