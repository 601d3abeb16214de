package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_MODEL;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeAnthropic;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages} on the wire: Anthropic's JSON, event sequence and error shapes, routed
 * to an OpenAI backend (translated) and to an Anthropic backend (passed through).
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class AnthropicFrontDoorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANTHROPIC_KEY = "sk-ant-front-door";
  private static final String CLAUDE = "claude-http";
  private static FakeAnthropic anthropic;

  @TestHTTPResource("/v1")
  URI v1;

  @TestHTTPResource("/v1/messages")
  URI messages;

  @BeforeAll
  static void startUpstream() {
    anthropic = FakeAnthropic.start();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayTestEnvironment.delete("anthropic-front-door.yaml");
    anthropic.close();
  }

  @BeforeEach
  void serveRoutes() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
    anthropic.reset();
    anthropic.setExpectedApiKey(ANTHROPIC_KEY);
    anthropic.clearRecorded();
    GatewayTestEnvironment.serve(
        v1,
        CLAUDE,
        "anthropic-front-door.yaml",
        () ->
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: anthropic-front-door}
            stringData: {apiKey: %s}
            ---
            apiVersion: tollgate.io/v1alpha1
            kind: ModelRoute
            metadata: {name: %s}
            spec:
              backends:
                - name: anthropic
                  provider: anthropic
                  model: claude-haiku-4-5
                  baseUrl: %s/v1
                  credentialsSecretRef: {name: anthropic-front-door, key: apiKey}
            """
                .formatted(ANTHROPIC_KEY, CLAUDE, anthropic.baseUrl()));
  }

  private static String body(String model, String text, boolean stream) {
    return """
        {"model":"%s","max_tokens":256,"stream":%s,"system":"be brief",
         "messages":[{"role":"user","content":"%s"}]}"""
        .formatted(model, stream, text);
  }

  /** Sends as the Anthropic SDKs do: key in x-api-key, a dated anthropic-version. */
  private HttpResponse<String> post(String key, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(messages)
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header("x-api-key", key);
    }
    return Http.send(request.build());
  }

  private static JsonNode error(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.path("error").path("type").asText()).isEqualTo(type);
    assertThat(body.path("error").path("message").asText()).isNotBlank();
    return body.path("error");
  }

  /** Event names in order, checking each data's type names its event as Anthropic's do. */
  private static List<String> eventNames(String sse) throws Exception {
    List<String> names = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      String name = event.substring("event: ".length(), event.indexOf('\n'));
      JsonNode data = JSON.readTree(event.substring(event.indexOf("data: ") + 6));
      assertThat(data.path("type").asText()).isEqualTo(name);
      names.add(name);
    }
    return names;
  }

  @Test
  void openAiBackendAnswersInAnthropicsShapeAndRecordsUsage() throws Exception {
    AccessLines log = AccessLines.capture();
    HttpResponse<String> response = post(FULL_KEY, body("chat", "hello there", false));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode message = JSON.readTree(response.body());
    assertThat(message.path("type").asText()).isEqualTo("message");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.path("model").asText()).isEqualTo("chat");
    assertThat(message.at("/content/0/text").asText()).isEqualTo("Hello! You said: hello there");
    assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(message.at("/usage/input_tokens").asLong()).isPositive();

    JsonNode upstream = fake().lastRequest().json();
    assertThat(fake().lastRequest().path()).isEqualTo("/v1/chat/completions");
    assertThat(upstream.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
    assertThat(upstream.path("max_completion_tokens").asInt()).isEqualTo(256);
    assertThat(upstream.at("/messages/0/role").asText()).isEqualTo("system");

    JsonNode line = log.lineFor(response.headers().firstValue("x-request-id").orElseThrow());
    assertThat(line.path("operation").asText()).isEqualTo("messages");
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.path("prompt_tokens").asLong())
        .isEqualTo(message.at("/usage/input_tokens").asLong());
    assertThat(line.path("completion_tokens").asLong())
        .isEqualTo(message.at("/usage/output_tokens").asLong());
  }

  @Test
  void openAiBackendStreamsAnthropicsEventSequence() throws Exception {
    fake().setStreamChunks(3);
    HttpResponse<String> response = post(FULL_KEY, body("chat", "one two three", true));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> names = eventNames(response.body());
    assertThat(names.subList(0, 3)).containsExactly("message_start", "ping", "content_block_start");
    assertThat(names.subList(names.size() - 3, names.size()))
        .containsExactly("content_block_stop", "message_delta", "message_stop");
    assertThat(names).filteredOn("content_block_delta"::equals).hasSizeGreaterThanOrEqualTo(3);
    assertThat(response.body()).contains("\"output_tokens\":").contains("\"end_turn\"");
    assertThat(fake().lastRequest().json().at("/stream_options/include_usage").asBoolean())
        .isTrue();
  }

  @Test
  void anthropicBackendGetsTheBodyAsItCameWithOnlyTheModelReplaced() throws Exception {
    String sent =
        "{\"model\":\""
            + CLAUDE
            + "\",\"max_tokens\":64,\"top_k\":5,\"metadata\":{\"user_id\":"
            + "\"u-1\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpRequest request =
        HttpRequest.newBuilder(messages)
            .timeout(Duration.ofSeconds(20))
            .header("authorization", "Bearer " + FULL_KEY)
            .header("anthropic-beta", "token-efficient-tools-2025-02-19")
            .POST(HttpRequest.BodyPublishers.ofString(sent))
            .build();
    AccessLines log = AccessLines.capture();
    HttpResponse<String> response = Http.send(request);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).at("/content/0/text").asText())
        .isEqualTo("Hello! You said: hi");
    RecordedRequest upstream = anthropic.lastRequest();
    assertThat(upstream.path()).isEqualTo("/v1/messages");
    assertThat(upstream.bodyAsString())
        .isEqualTo(sent.replace("\"" + CLAUDE + "\"", "\"claude-haiku-4-5\""));
    assertThat(upstream.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
    assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(upstream.header("anthropic-beta")).isEqualTo("token-efficient-tools-2025-02-19");
    assertThat(upstream.header("authorization")).isNull();
    JsonNode line = log.lineFor(response.headers().firstValue("x-request-id").orElseThrow());
    assertThat(line.path("backend").asText()).isEqualTo("anthropic");
    assertThat(line.path("prompt_tokens").asLong()).isPositive();
    assertThat(line.path("completion_tokens").asLong()).isPositive();
  }

  @Test
  void anthropicBackendStreamsPassThroughAndUsageIsRecorded() throws Exception {
    anthropic.setStreamChunks(2);
    anthropic.setCacheTokens(4, 2);
    AccessLines log = AccessLines.capture();
    HttpResponse<String> response = post(FULL_KEY, body(CLAUDE, "a b", true));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(eventNames(response.body()))
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    JsonNode line = log.lineFor(response.headers().firstValue("x-request-id").orElseThrow());
    assertThat(line.path("stream").asBoolean()).isTrue();
    // input + cache reads + cache writes; the cached part is the reads.
    assertThat(line.path("prompt_tokens").asLong()).isGreaterThan(6);
    assertThat(line.path("cached_tokens").asLong()).isEqualTo(4);
    assertThat(line.path("completion_tokens").asLong()).isPositive();
  }

  @Test
  void keyAndModelErrorsHaveAnthropicsShape() throws Exception {
    error(post(null, body("chat", "x", false)), 401, "authentication_error");
    error(post("tg-wrong-key", body("chat", "x", false)), 401, "authentication_error");
    error(post(FULL_KEY, body("no-such-model", "x", false)), 404, "not_found_error");
    error(post(LIMITED_KEY, body("restricted-model", "x", false)), 403, "permission_error");
    assertThat(fake().requestCount()).isZero();
  }

  @Test
  void invalidRequestsGetAnthropicShaped400s() throws Exception {
    JsonNode missing =
        error(post(FULL_KEY, "{\"model\":\"chat\",\"messages\":[]}"), 400, "invalid_request_error");
    assertThat(missing.path("message").asText()).isEqualTo("max_tokens: Field required");
    error(post(FULL_KEY, "{not json"), 400, "invalid_request_error");
    JsonNode topK =
        error(
            post(
                FULL_KEY,
                "{\"model\":\"chat\",\"max_tokens\":5,\"top_k\":3,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
            400,
            "invalid_request_error");
    assertThat(topK.path("message").asText()).contains("top_k");
    JsonNode badContent =
        error(
            post(
                FULL_KEY,
                "{\"model\":\"chat\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\"}]}"),
            400,
            "invalid_request_error");
    assertThat(badContent.path("message").asText()).contains("messages.0.content");
    assertThat(fake().requestCount()).isZero();
  }

  @Test
  void upstreamFailuresMapToAnthropicsStatuses() throws Exception {
    fake().failNext(1, 429, "{\"error\":{\"message\":\"Rate limit reached\"}}", 3);
    HttpResponse<String> limited = post(FULL_KEY, body("chat", "x", false));
    error(limited, 429, "rate_limit_error");
    assertThat(limited.headers().firstValue("retry-after")).hasValue("3");

    fake().failNext(1, 503, null, null);
    error(post(FULL_KEY, body("chat", "x", false)), 529, "overloaded_error");

    anthropic.failNext(1, 529, null);
    error(post(FULL_KEY, body(CLAUDE, "x", false)), 529, "overloaded_error");
  }

  @Test
  void aStreamThatBreaksOffEndsWithAnErrorEvent() throws Exception {
    fake().setStreamChunks(4);
    fake().dropNext(1, 2);
    HttpResponse<String> response = post(FULL_KEY, body("chat", "one two three four", true));

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> names = eventNames(response.body());
    assertThat(names.get(0)).isEqualTo("message_start");
    assertThat(names.get(names.size() - 1)).isEqualTo("error");
    assertThat(names).doesNotContain("message_stop");
  }
}
