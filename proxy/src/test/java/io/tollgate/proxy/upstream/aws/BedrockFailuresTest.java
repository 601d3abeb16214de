package io.tollgate.proxy.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.proxy.upstream.FailureKind;
import io.tollgate.proxy.upstream.UpstreamErrors;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** How the attempt loop sees Bedrock's exceptions: as the HTTP errors they stand for. */
class BedrockFailuresTest {

  private static <T extends Throwable> T withDetails(
      software.amazon.awssdk.awscore.exception.AwsServiceException.Builder builder,
      String type,
      String message,
      int status) {
    @SuppressWarnings("unchecked")
    T built =
        (T)
            builder
                .statusCode(status)
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode(type).errorMessage(message).build())
                .build();
    return built;
  }

  private static FailureKind kind(Throwable failure) {
    AwsFailures.ErrorResponse error = BedrockFailures.response(failure);
    return UpstreamErrors.classify(error.status(), error.body());
  }

  @Test
  void throttlingIsRateLimitedAndModelNotReadyAServerError() {
    assertThat(
            kind(
                new CompletionException(
                    withDetails(
                        ThrottlingException.builder(), "ThrottlingException", "slow", 429))))
        .isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(
            kind(withDetails(ModelNotReadyException.builder(), "ModelNotReadyException", "w", 429)))
        .isEqualTo(FailureKind.SERVER_ERROR);
  }

  @Test
  void accessAndValidationAreNotTheBackendsHealthButContextWindowFallsBack() {
    assertThat(
            kind(withDetails(AccessDeniedException.builder(), "AccessDeniedException", "no", 403)))
        .isEqualTo(FailureKind.BACKEND_MISCONFIGURED);
    assertThat(
            kind(
                withDetails(
                    ValidationException.builder(), "ValidationException", "bad field", 400)))
        .isEqualTo(FailureKind.CLIENT_ERROR);
    assertThat(
            kind(
                withDetails(
                    ValidationException.builder(),
                    "ValidationException",
                    "Input is too long for requested model.",
                    400)))
        .isEqualTo(FailureKind.CONTEXT_WINDOW);
  }

  @Test
  void streamExceptionsWithoutAStatusGetBedrocksOwn() {
    assertThat(BedrockFailures.status("serviceUnavailableException", 0)).isEqualTo(503);
    assertThat(BedrockFailures.status("modelStreamErrorException", 0)).isEqualTo(500);
    assertThat(BedrockFailures.status("SomethingNewException", 418)).isEqualTo(418);
    assertThat(BedrockFailures.status("SomethingNewException", 0)).isEqualTo(502);
  }

  @Test
  void transportFailuresKeepTheirCauseAndMissingCredentialsAre401() {
    ConnectException refused = new ConnectException("Connection refused");
    SdkClientException wrapped =
        SdkClientException.builder()
            .message("Unable to execute HTTP request")
            .cause(refused)
            .build();
    assertThat(BedrockFailures.response(wrapped)).isNull();
    assertThat(AwsFailures.transport(new CompletionException(wrapped))).isSameAs(refused);

    SdkClientException noCredentials =
        SdkClientException.create("Unable to load credentials from any of the providers");
    assertThat(BedrockFailures.response(noCredentials).status()).isEqualTo(401);
  }
}
