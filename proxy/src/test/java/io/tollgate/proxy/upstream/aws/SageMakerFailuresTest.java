package io.tollgate.proxy.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.proxy.upstream.FailureKind;
import io.tollgate.proxy.upstream.UpstreamErrors;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** How the attempt loop sees SageMaker's exceptions, and the container errors they wrap. */
class SageMakerFailuresTest {

  private static AwsFailures.ErrorResponse response(Throwable failure) {
    return SageMakerFailures.response(new CompletionException(failure));
  }

  private static FailureKind kind(Throwable failure) {
    AwsFailures.ErrorResponse error = response(failure);
    return UpstreamErrors.classify(error.status(), error.body());
  }

  private static AwsErrorDetails details(String type, String message) {
    return AwsErrorDetails.builder().errorCode(type).errorMessage(message).build();
  }

  @Test
  void aContainersErrorComesOutAsTheContainerAnsweredIt() {
    ModelErrorException tooLong =
        ModelErrorException.builder()
            .statusCode(424)
            .awsErrorDetails(details("ModelError", "Received client error (422) from primary"))
            .originalStatusCode(422)
            .originalMessage(
                "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be"
                    + " <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`\","
                    + "\"error_type\":\"validation\"}")
            .build();
    AwsFailures.ErrorResponse error = response(tooLong);
    assertThat(error.status()).isEqualTo(422);
    assertThat(error.message()).startsWith("Input validation error: `inputs` tokens");
    assertThat(kind(tooLong)).isEqualTo(FailureKind.CONTEXT_WINDOW);

    ModelErrorException crashed =
        ModelErrorException.builder()
            .statusCode(424)
            .awsErrorDetails(details("ModelError", "Received server error (500) from primary"))
            .originalStatusCode(500)
            .originalMessage(
                "{\"object\":\"error\",\"error\":{\"message\":\"CUDA out of memory\"}}")
            .build();
    assertThat(response(crashed).message()).isEqualTo("CUDA out of memory");
    assertThat(kind(crashed)).isEqualTo(FailureKind.SERVER_ERROR);
  }

  @Test
  void aContainerMessageThatIsNotJsonIsKeptAsItIs() {
    assertThat(SageMakerFailures.containerMessage("worker died")).isEqualTo("worker died");
    assertThat(SageMakerFailures.containerMessage("{\"message\":\"bad input\"}"))
        .isEqualTo("bad input");
    assertThat(SageMakerFailures.containerMessage(" ")).isNull();
  }

  @Test
  void sageMakersOwnErrorsGetTheStatusTheyMean() {
    ValidationErrorException missing =
        ValidationErrorException.builder()
            .statusCode(400)
            .awsErrorDetails(details("ValidationError", "Endpoint llama of account 1 not found."))
            .build();
    assertThat(response(missing).status()).isEqualTo(404);
    assertThat(kind(missing)).isEqualTo(FailureKind.BACKEND_MISCONFIGURED);

    ModelNotReadyException loading =
        ModelNotReadyException.builder()
            .statusCode(429)
            .awsErrorDetails(details("ModelNotReadyException", "The model is loading"))
            .build();
    assertThat(response(loading).status()).isEqualTo(503);

    SageMakerRuntimeException throttled =
        (SageMakerRuntimeException)
            SageMakerRuntimeException.builder()
                .statusCode(400)
                .awsErrorDetails(details("ThrottlingException", "Rate exceeded"))
                .build();
    assertThat(kind(throttled)).isEqualTo(FailureKind.RATE_LIMITED);
  }

  @Test
  void missingCredentialsAreTheGatewaysOwnProblem() {
    AwsFailures.ErrorResponse error =
        response(SdkClientException.create("Unable to load credentials from any provider"));
    assertThat(error.status()).isEqualTo(401);
    assertThat(SageMakerFailures.response(new RuntimeException("connection reset"))).isNull();
  }
}
