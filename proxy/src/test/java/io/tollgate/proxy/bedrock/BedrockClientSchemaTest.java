package io.tollgate.proxy.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.proxy.http.GatewayError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Gateway errors as the Bedrock exceptions the AWS SDKs model, with Bedrock's statuses. */
class BedrockClientSchemaTest {

  private static BedrockClientSchema.BedrockError of(GatewayError error) {
    return BedrockClientSchema.of(error);
  }

  private static GatewayError status(int status, String code) {
    return new GatewayError(status, "api_error", code, null, "m", null);
  }

  @Test
  void keyProblemsAreAnsweredAsAwsAnswersCredentialProblems() {
    assertThat(of(GatewayError.missingKey()))
        .isEqualTo(
            new BedrockClientSchema.BedrockError(403, "MissingAuthenticationTokenException"));
    assertThat(of(GatewayError.invalidKey()))
        .isEqualTo(new BedrockClientSchema.BedrockError(403, "UnrecognizedClientException"));
    assertThat(of(GatewayError.expiredKey(Instant.EPOCH)))
        .isEqualTo(new BedrockClientSchema.BedrockError(403, "ExpiredTokenException"));
    assertThat(of(GatewayError.modelNotAllowed("m")))
        .isEqualTo(new BedrockClientSchema.BedrockError(403, "AccessDeniedException"));
  }

  @Test
  void statusesMapToBedrocksExceptions() {
    assertThat(of(GatewayError.badRequest("m", null, null)).type())
        .isEqualTo("ValidationException");
    assertThat(of(GatewayError.modelNotFound("m")))
        .isEqualTo(new BedrockClientSchema.BedrockError(404, "ResourceNotFoundException"));
    assertThat(of(GatewayError.notFound("POST", "/bedrock/x")).type())
        .isEqualTo("UnknownOperationException");
    assertThat(of(status(429, "upstream_rate_limited")))
        .isEqualTo(new BedrockClientSchema.BedrockError(429, "ThrottlingException"));
    assertThat(of(status(503, "upstream_unavailable")))
        .isEqualTo(new BedrockClientSchema.BedrockError(503, "ServiceUnavailableException"));
    assertThat(of(status(504, "upstream_timeout")))
        .isEqualTo(new BedrockClientSchema.BedrockError(408, "ModelTimeoutException"));
    assertThat(of(status(502, "upstream_bad_response")))
        .isEqualTo(new BedrockClientSchema.BedrockError(424, "ModelErrorException"));
    assertThat(of(status(502, "upstream_error")))
        .isEqualTo(new BedrockClientSchema.BedrockError(502, "InternalServerException"));
    assertThat(of(GatewayError.internal("r")))
        .isEqualTo(new BedrockClientSchema.BedrockError(500, "InternalServerException"));
  }

  @Test
  void theBodyIsJustTheMessage() {
    assertThat(BedrockClientSchema.body("say \"hi\"").toString())
        .isEqualTo("{\"message\":\"say \\\"hi\\\"\"}");
  }
}
