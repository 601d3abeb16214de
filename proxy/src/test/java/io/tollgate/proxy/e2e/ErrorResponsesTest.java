package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.MAX_REQUEST_BYTES;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal and upstream failure reaches the client in OpenAI's error shape. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class ErrorResponsesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT_BODY =
      "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  @TestHTTPResource("/v1/nowhere")
  URI nowhere;

  @TestHTTPResource("/not-an-api-path")
  URI outsideV1;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
  }

  /** Asserts OpenAI's shape: all four keys present; returns the error object. */
  private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
        .as(response.body())
        .isTrue();
    return error;
  }

  @Test
  void missingAndWrongKeysGet401() throws Exception {
    assertThat(error(Http.post(chat, null, CHAT_BODY), 401).path("code").asText())
        .isEqualTo("missing_api_key");
    JsonNode wrong = error(Http.post(chat, "tg-not-a-key", CHAT_BODY), 401);
    assertThat(wrong.path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(fake().requestCount()).isZero();
  }

  @Test
  void expiredKeysGet401SayingWhen() throws Exception {
    JsonNode error = error(Http.post(chat, GatewayTestEnvironment.EXPIRED_KEY, CHAT_BODY), 401);
    assertThat(error.path("code").asText()).isEqualTo("expired_api_key");
    assertThat(error.path("message").asText()).contains("2025-01-01T00:00:00Z");
    assertThat(fake().requestCount()).isZero();
  }

  @Test
  void unknownModelsGet404NamingTheModel() throws Exception {
    JsonNode error =
        error(
            Http.post(
                chat,
                FULL_KEY,
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            404);
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("param").asText()).isEqualTo("model");
    assertThat(error.path("message").asText()).contains("'nope'");
  }

  @Test
  void malformedRequestsGet400() throws Exception {
    assertThat(error(Http.post(chat, FULL_KEY, "{\"model\":"), 400).path("message").asText())
        .contains("could not parse the JSON body");
    assertThat(
            error(
                    Http.post(
                        chat, FULL_KEY, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    400)
                .path("param")
                .asText())
        .isEqualTo("model");
  }

  @Test
  void oversizedBodiesGet413() throws Exception {
    String big =
        "{\"model\":\"chat\",\"messages\":[],\"pad\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}";
    assertThat(error(Http.post(chat, FULL_KEY, big), 413).path("code").asText())
        .isEqualTo("request_too_large");
  }

  @Test
  void unknownPathsGet404() throws Exception {
    assertThat(error(Http.get(nowhere, FULL_KEY), 404).path("code").asText())
        .isEqualTo("unknown_url");
    assertThat(error(Http.get(outsideV1, null), 404).path("message").asText())
        .contains("GET /not-an-api-path");
  }

  @Test
  void upstreamServerErrorsBecome502() throws Exception {
    fake().failNext(1, 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}", null);
    JsonNode error = error(Http.post(chat, FULL_KEY, CHAT_BODY), 502);
    assertThat(error.path("message").asText()).contains("backend 'primary'").contains("boom");
  }

  @Test
  void upstreamRateLimitsKeepRetryAfter() throws Exception {
    fake().failNext(1, 429, "{\"error\":{\"message\":\"Rate limit reached\"}}", 7);
    HttpResponse<String> response = Http.post(chat, FULL_KEY, CHAT_BODY);
    error(response, 429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
  }

  @Test
  void rejectedGatewayCredentialsBecome502WithoutLeakingThem() throws Exception {
    fake().setExpectedApiKey("sk-some-other-key");
    HttpResponse<String> response = Http.post(chat, FULL_KEY, CHAT_BODY);
    JsonNode error = error(response, 502);
    assertThat(error.path("code").asText()).isEqualTo("upstream_auth_failed");
    assertThat(response.body()).doesNotContain(UPSTREAM_KEY).doesNotContain("sk-some-other-key");
  }

  @Test
  void upstreamClientErrorsKeepTheirMessage() throws Exception {
    fake()
        .failNext(
            1,
            400,
            "{\"error\":{\"message\":\"Invalid value for temperature\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}",
            null);
    JsonNode error = error(Http.post(chat, FULL_KEY, CHAT_BODY), 400);
    assertThat(error.path("message").asText()).isEqualTo("Invalid value for temperature");
    assertThat(error.path("param").asText()).isEqualTo("temperature");
  }

  @Test
  void unreachableUpstreamsBecome502() throws Exception {
    fake().dropNext(1, 0);
    JsonNode error = error(Http.post(chat, FULL_KEY, CHAT_BODY), 502);
    assertThat(error.path("type").asText()).isEqualTo("api_error");
  }

  @Test
  void stalledUpstreamsAreCancelledWhenTheClientGivesUp() throws Exception {
    fake().stallNext(1);
    try {
      Http.client()
          .send(
              java.net.http.HttpRequest.newBuilder(chat)
                  .timeout(Duration.ofMillis(500))
                  .header("authorization", "Bearer " + FULL_KEY)
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CHAT_BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException expected) {
      // the client gave up, as intended
    }
    assertThat(fake().awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }
}
