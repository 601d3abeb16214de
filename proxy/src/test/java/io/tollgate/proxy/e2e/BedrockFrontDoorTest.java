package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * The Bedrock front door on the wire: event-stream framing and Bedrock's error shape ({@code
 * x-amzn-ErrorType} plus {@code {"message"}}) for what the SDK tests cannot provoke.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class BedrockFrontDoorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"one two\"}]}]}";

  @TestHTTPResource("/bedrock/model")
  URI model;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
  }

  private HttpResponse<byte[]> post(String path, String authorization, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(model + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("authorization", authorization);
    }
    try {
      return Http.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String error(HttpResponse<byte[]> response, int status, String type)
      throws Exception {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(body).isEqualTo(status);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
    JsonNode json = JSON.readTree(body);
    assertThat(json.size()).isEqualTo(1);
    return json.path("message").asText();
  }

  @Test
  void converseStreamAnswersWithEventStreamFrames() throws Exception {
    fake().setStreamChunks(2);
    HttpResponse<byte[]> response = post("/chat/converse-stream", "Bearer " + FULL_KEY, HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("application/vnd.amazon.eventstream");
    List<Message> messages = new ArrayList<>();
    new MessageDecoder(messages::add).feed(response.body());
    List<String> types =
        messages.stream().map(m -> m.getHeaders().get(":event-type").getString()).toList();
    assertThat(types)
        .containsExactly(
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata");
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
              assertThat(m.getHeaders().get(":content-type").getString())
                  .isEqualTo("application/json");
            });
    JsonNode metadata =
        JSON.readTree(new String(messages.get(5).getPayload(), StandardCharsets.UTF_8));
    assertThat(metadata.at("/usage/outputTokens").asInt()).isPositive();
    assertThat(metadata.has("metrics")).isTrue();
  }

  @Test
  void badRequestsAreValidationExceptions() throws Exception {
    assertThat(
            error(
                post("/chat/converse", "Bearer " + FULL_KEY, "{nope"), 400, "ValidationException"))
        .contains("not valid JSON");
    String twoMembers =
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\",\"image\":{}}]}]}";
    assertThat(
            error(
                post("/chat/converse", "Bearer " + FULL_KEY, twoMembers),
                400,
                "ValidationException"))
        .contains("exactly one member");
    assertThat(fake().requestCount()).isZero();
  }

  @Test
  void keyProblemsAreAnsweredLikeAwsCredentialProblems() throws Exception {
    error(post("/chat/converse", null, HELLO), 403, "MissingAuthenticationTokenException");
    // A SigV4-signed request carries no gateway key.
    error(
        post(
            "/chat/converse", "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock", HELLO),
        403,
        "MissingAuthenticationTokenException");
    error(post("/chat/converse", "Bearer tg-wrong", HELLO), 403, "UnrecognizedClientException");
  }

  @Test
  void otherBedrockOperationsAreUnknown() throws Exception {
    assertThat(
            error(
                post("/chat/invoke", "Bearer " + FULL_KEY, HELLO),
                404,
                "UnknownOperationException"))
        .contains("/bedrock/model/chat/invoke");
  }
}
