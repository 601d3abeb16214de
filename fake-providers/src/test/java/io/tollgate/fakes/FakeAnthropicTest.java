package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves FakeAnthropic's wire format with the official anthropic-java client. */
class FakeAnthropicTest {

  static FakeAnthropic fake;
  static AnthropicClient client;

  @BeforeAll
  static void start() {
    fake = FakeAnthropic.start();
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(fake.baseUrl())
            .apiKey("sk-ant-test")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static MessageCreateParams.Builder params(String text) {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(100)
        .system("be brief")
        .addUserMessage(text);
  }

  static Tool weatherTool() {
    return Tool.builder()
        .name("get_weather")
        .description("Current weather")
        .inputSchema(
            Tool.InputSchema.builder()
                .properties(
                    Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                        .build())
                .build())
        .build();
  }

  @Test
  void textReplyWithUsageAndHeaders() {
    fake.setCacheTokens(5, 2);
    Message message = client.messages().create(params("hello there").build());

    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello! You said: hello there");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(2 + 3 + 2); // system + message overhead
    assertThat(message.usage().cacheReadInputTokens()).contains(5L);
    assertThat(message.usage().cacheCreationInputTokens()).contains(2L);
    RecordedRequest req = fake.lastRequest();
    assertThat(req.path()).isEqualTo("/v1/messages");
    // anthropic-java 3.x sends its key as a bearer token and a dated version of its own.
    assertThat(req.header("authorization")).isEqualTo("Bearer sk-ant-test");
    assertThat(req.header("anthropic-version")).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(req.json().get("system").asText()).isEqualTo("be brief");
  }

  @Test
  void streamedTextAccumulatesThroughTheSdk() {
    fake.setStreamChunks(3);
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(params("one two three four").build())) {
      stream.stream().forEach(acc::accumulate);
    }
    Message message = acc.message();
    assertThat(message.content().get(0).asText().text())
        .isEqualTo("Hello! You said: one two three four");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isEqualTo(7);
  }

  @Test
  void streamHasAnthropicsExactEventSequence() throws Exception {
    fake.setStreamChunks(2);
    HttpResponse<String> resp =
        raw(
            "{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}");
    assertThat(resp.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> names =
        java.util.Arrays.stream(resp.body().split("\n\n"))
            .map(e -> e.substring("event: ".length(), e.indexOf('\n')))
            .toList();
    assertThat(names)
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    for (String event : resp.body().split("\n\n")) {
      String name = event.substring("event: ".length(), event.indexOf('\n'));
      JsonNode data = FakeClient.json(event.substring(event.indexOf("data: ") + 6));
      assertThat(data.get("type").asText()).isEqualTo(name);
    }
  }

  @Test
  void toolUseWhenToolsAreOfferedStreamedAndNot() {
    fake.setToolArguments("{\"city\":\"Paris\"}");
    MessageCreateParams params = params("weather in Paris?").addTool(weatherTool()).build();

    Message message = client.messages().create(params);
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    var toolUse = message.content().get(0).asToolUse();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse.id()).startsWith("toolu_");
    assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    var streamed = acc.message().content().get(0).asToolUse();
    assertThat(streamed._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
    assertThat(acc.message().stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void toolResultIsEchoedAndStopSequencesCut() {
    HttpResponse<String> resp =
        raw(
            "{\"model\":\"m\",\"max_tokens\":50,\"stop_sequences\":[\"said\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    JsonNode body = FakeClient.json(resp.body());
    assertThat(body.at("/content/0/text").asText()).isEqualTo("Hello! You ");
    assertThat(body.get("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(body.get("stop_sequence").asText()).isEqualTo("said");

    JsonNode afterTool =
        FakeClient.json(
            raw("{\"model\":\"m\",\"max_tokens\":50,\"tools\":[{\"name\":\"t\","
                    + "\"input_schema\":{\"type\":\"object\"}}],\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"go\"},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"x\","
                    + "\"name\":\"t\",\"input\":{}}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"x\",\"content\":\"sunny\"}]}]}")
                .body());
    assertThat(afterTool.at("/content/0/text").asText()).isEqualTo("Tool result: sunny");
  }

  @Test
  void errorsHaveAnthropicsShapeAndStatus() {
    fake.failNext(1, 529, null);
    assertThatThrownBy(() -> client.messages().create(params("x").build()))
        .isInstanceOf(OverloadedException.class);

    fake.failNext(1, 429, 3);
    assertThatThrownBy(() -> client.messages().create(params("x").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.headers().values("retry-after")).containsExactly("3"));

    fake.setExpectedApiKey("sk-ant-right");
    assertThatThrownBy(() -> client.messages().create(params("x").build()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void xApiKeyIsCheckedLikeTheBearerToken() {
    fake.setExpectedApiKey("sk-ant-right");
    HttpResponse<String> wrong = raw("{}", "x-api-key", "sk-ant-wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(FakeClient.json(wrong.body()).at("/error/type").asText())
        .isEqualTo("authentication_error");
    HttpResponse<String> right =
        raw(
            "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}",
            "x-api-key",
            "sk-ant-right");
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void missingVersionOrMaxTokensIs400() throws Exception {
    HttpResponse<String> noVersion =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(FakeClient.json(noVersion.body()).at("/error/message").asText())
        .contains("anthropic-version");

    HttpResponse<String> noMax =
        raw("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(noMax.statusCode()).isEqualTo(400);
    JsonNode error = FakeClient.json(noMax.body());
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/message").asText()).isEqualTo("max_tokens: Field required");
  }

  @Test
  void midStreamErrorSurfacesInTheSdk() {
    fake.failMidStreamNext(1, 3);
    assertThatThrownBy(
            () -> {
              try (StreamResponse<RawMessageStreamEvent> stream =
                  client.messages().createStreaming(params("a b c").build())) {
                stream.stream().forEach(e -> {});
              }
            })
        .isInstanceOf(SseException.class)
        .hasMessageContaining("Overloaded");
  }

  private static HttpResponse<String> raw(String body, String... headers) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/messages"))
              .header("anthropic-version", "2023-06-01")
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
