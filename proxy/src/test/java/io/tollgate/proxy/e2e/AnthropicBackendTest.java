package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeAnthropic;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK, unmodified, served by an Anthropic backend through the gateway. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class AnthropicBackendTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANTHROPIC_KEY = "sk-ant-test-key";
  private static FakeAnthropic anthropic;

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startUpstream() {
    anthropic = FakeAnthropic.start();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayTestEnvironment.delete("anthropic.yaml");
    anthropic.close();
  }

  @BeforeEach
  void serveRoute() throws Exception {
    anthropic.reset();
    anthropic.setExpectedApiKey(ANTHROPIC_KEY);
    GatewayTestEnvironment.serve(
        v1,
        "claude",
        "anthropic.yaml",
        () ->
            """
          apiVersion: v1
          kind: Secret
          metadata: {name: anthropic-credentials}
          stringData: {apiKey: %s}
          ---
          apiVersion: tollgate.io/v1alpha1
          kind: ModelRoute
          metadata: {name: claude}
          spec:
            backends:
              - name: anthropic
                provider: anthropic
                model: claude-haiku-4-5
                baseUrl: %s/v1
                credentialsSecretRef: {name: anthropic-credentials, key: apiKey}
          """
                .formatted(ANTHROPIC_KEY, anthropic.baseUrl()));
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(v1.toString())
        .apiKey(FULL_KEY)
        .maxRetries(0)
        .build();
  }

  @Test
  void chatIsTranslatedBothWays() throws Exception {
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("claude")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("hello there")
                    .build());
    assertThat(completion.choices().get(0).message().content().orElseThrow())
        .contains("hello there");
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();

    RecordedRequest upstream = anthropic.lastRequest();
    assertThat(upstream.path()).isEqualTo("/v1/messages");
    assertThat(upstream.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
    assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(upstream.header("authorization")).isNull();
    JsonNode body = JSON.readTree(upstream.body());
    assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(body.path("system").toString()).contains("Be brief.");
    assertThat(body.path("max_tokens").asInt()).isPositive();
  }

  @Test
  void streamsAreTranslatedChunkByChunkWithUsageOnRequest() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("claude")
                    .addUserMessage("stream me")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream().forEach(chunks::add);
    }
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    assertThat(text.toString()).contains("stream me");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
  }

  @Test
  void streamsWithoutIncludeUsageCarryNoUsageChunk() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("claude")
                    .addUserMessage("hi")
                    .build())) {
      stream.stream().forEach(chunks::add);
    }
    assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
  }

  @Test
  void toolCallsRoundTrip() {
    anthropic.setToolArguments("{\"city\":\"Paris\"}");
    assertThat(ToolRoundTrip.run(client(), "claude")).contains("sunny, 21C");
  }

  @Test
  void whatAnthropicCannotDoIsA400NamingTheParameter() {
    assertThatThrownBy(
            () ->
                client()
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("claude")
                            .addUserMessage("x")
                            .n(2)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).hasValue("n"));
    assertThatThrownBy(
            () ->
                client()
                    .embeddings()
                    .create(EmbeddingCreateParams.builder().model("claude").input("x").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("does not support embeddings");
    assertThat(anthropic.requestCount()).isZero();
  }
}
