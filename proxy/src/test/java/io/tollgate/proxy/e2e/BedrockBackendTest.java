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
import io.tollgate.fakes.AwsAuth;
import io.tollgate.fakes.FakeBedrock;
import io.tollgate.fakes.RecordedRequest;
import java.io.InputStream;
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
 * The official OpenAI SDK, unmodified, served by Bedrock backends through the AWS SDK: SigV4 with
 * the proxy's own credentials (static test credentials through the SDK's system properties, set for
 * this class only) or a Bedrock API key, failover on throttling, context-window fallback, and
 * cancellation when the client goes away.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class BedrockBackendTest {

  static final String BEDROCK_API_KEY = "bedrock-api-key-test-0123";
  static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
  static final String PROFILE_ARN =
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + MODEL;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeBedrock east;
  private static FakeBedrock west;

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startUpstreams() {
    BedrockTestCredentials.install();
    east = FakeBedrock.start();
    west = FakeBedrock.start();
  }

  @AfterAll
  static void stopUpstreams() {
    GatewayTestEnvironment.delete("bedrock-backends.yaml");
    east.close();
    west.close();
    BedrockTestCredentials.remove();
  }

  @BeforeEach
  void serveRoutes() {
    for (FakeBedrock fake : List.of(east, west)) {
      fake.reset();
      // SigV4 for service "bedrock", or the backend's API key as a bearer token.
      fake.setRequireSigV4(true);
      fake.setExpectedApiKey(BEDROCK_API_KEY);
    }
    GatewayTestEnvironment.serve(
        v1, "claude-first-token", "bedrock-backends.yaml", BedrockBackendTest::routes);
  }

  private static String routes() {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: bedrock-api-key}
        stringData: {apiKey: %1$s}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: claude-bedrock}
        spec:
          contextWindowFallbacks: [claude-west]
          backends:
            - {name: east, provider: bedrock, model: "%2$s", region: us-east-1, baseUrl: "%3$s"}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: claude-west}
        spec:
          backends:
            - {name: west, provider: bedrock, model: "%2$s", region: us-west-2, baseUrl: "%4$s"}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: claude-key}
        spec:
          backends:
            - name: east
              provider: bedrock
              model: "%5$s"
              region: us-east-1
              baseUrl: "%3$s"
              credentialsSecretRef: {name: bedrock-api-key, key: apiKey}
        """
            .formatted(BEDROCK_API_KEY, MODEL, east.endpoint(), west.endpoint(), PROFILE_ARN)
        + failover("claude-failover")
        + failover("claude-failover-stream")
        + failover("claude-first-token")
        + failover("claude-idle").replace("{firstToken: 500ms}", "{idle: 500ms}");
  }

  /** East first, west when east fails; each test its own route, so no cooldown carries over. */
  private static String failover(String name) {
    return """
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: %1$s}
        spec:
          strategy: priority
          retry: {attempts: 2, retryOn: [connect-error, timeout, rate-limited, server-error]}
          timeouts: {firstToken: 500ms}
          backends:
            - {name: east, provider: bedrock, model: "%2$s", region: us-east-1, baseUrl: "%3$s", priority: 0}
            - {name: west, provider: bedrock, model: "%2$s", region: us-west-2, baseUrl: "%4$s", priority: 1}
        """
        .formatted(name, MODEL, east.endpoint(), west.endpoint());
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(v1.toString())
        .apiKey(FULL_KEY)
        .maxRetries(0)
        .build();
  }

  @Test
  void chatIsTranslatedToConverseAndSignedWithTheProxysCredentials() throws Exception {
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("claude-bedrock")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("hello there")
                    .maxCompletionTokens(200)
                    .build());

    assertThat(completion.choices().get(0).message().content().orElseThrow())
        .contains("hello there");
    assertThat(completion.model()).isEqualTo("claude-bedrock");
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    RecordedRequest upstream = east.lastRequest();
    assertThat(upstream.path()).endsWith("/converse");
    assertThat(FakeBedrock.modelId(upstream)).isEqualTo(MODEL);
    AwsAuth auth = east.lastAuth();
    assertThat(auth.kind()).isEqualTo(AwsAuth.Kind.SIGV4);
    assertThat(auth.accessKeyId()).isEqualTo(BedrockTestCredentials.ACCESS_KEY_ID);
    assertThat(auth.region()).isEqualTo("us-east-1");
    assertThat(auth.service()).isEqualTo("bedrock");
    JsonNode body = JSON.readTree(upstream.body());
    assertThat(body.at("/system/0/text").asText()).isEqualTo("Be brief.");
    assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("hello there");
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(200);
    assertThat(body.has("modelId")).isFalse();
  }

  @Test
  void aBedrockApiKeyIsSentAsABearerTokenToAnInferenceProfile() {
    east.setCacheTokens(30, 10);
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("claude-key")
                    .addUserMessage("hi")
                    .build());

    AwsAuth auth = east.lastAuth();
    assertThat(auth.kind()).isEqualTo(AwsAuth.Kind.BEARER);
    assertThat(auth.bearerToken()).isEqualTo(BEDROCK_API_KEY);
    // The SDK encodes the ARN as one path segment.
    assertThat(FakeBedrock.modelId(east.lastRequest())).isEqualTo(PROFILE_ARN);
    // Cache reads and writes count in prompt_tokens; reads are the cached tokens.
    var usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(30L);
    assertThat(usage.promptTokens()).isGreaterThan(40);
  }

  @Test
  void streamsArriveAsChunksWithUsageOnlyWhenAskedFor() {
    east.setStreamChunks(4);
    List<ChatCompletionChunk> withUsage = stream("claude-bedrock", true);
    StringBuilder text = new StringBuilder();
    withUsage.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    assertThat(text.toString()).contains("stream me");
    ChatCompletionChunk last = withUsage.get(withUsage.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
    // The catalog prices the model: the final usage carries the cost, as pass-through streams do.
    assertThat(last.usage().orElseThrow()._additionalProperties()).containsKey("cost");
    assertThat(east.lastRequest().path()).endsWith("/converse-stream");

    List<ChatCompletionChunk> withoutUsage = stream("claude-bedrock", false);
    assertThat(withoutUsage).isNotEmpty().allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
  }

  private List<ChatCompletionChunk> stream(String model, boolean includeUsage) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(model).addUserMessage("stream me");
    if (includeUsage) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client().chat().completions().createStreaming(params.build())) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  @Test
  void toolCallsRoundTrip() {
    east.setToolArguments("{\"city\":\"Paris\"}");
    assertThat(ToolRoundTrip.run(client(), "claude-bedrock")).contains("sunny, 21C");
  }

  @Test
  void streamedToolCallsArriveAsToolCallDeltas() {
    east.setToolArguments("{\"city\":\"Paris\"}");
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("claude-bedrock")
                    .addUserMessage("weather in Paris?")
                    .addFunctionTool(ToolRoundTrip.WEATHER)
                    .build())) {
      stream.stream().forEach(chunks::add);
    }
    StringBuilder arguments = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (ChatCompletionChunk chunk : chunks) {
      chunk.choices().stream()
          .flatMap(c -> c.delta().toolCalls().orElse(List.of()).stream())
          .forEach(
              call -> {
                call.function().flatMap(f -> f.name()).ifPresent(names::add);
                call.function().flatMap(f -> f.arguments()).ifPresent(arguments::append);
              });
    }
    assertThat(names).containsExactly("get_weather");
    assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
        .hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("tool_calls"));
  }

  @Test
  void throttlingIsRetriedOnTheNextBackend() {
    east.failNext(1, 429, null);
    HttpResponse<String> response = post("claude-failover", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(response.headers().firstValue("x-tollgate-attempts")).hasValue("2");
    assertThat(west.lastAuth().region()).isEqualTo("us-west-2");
  }

  @Test
  void aStreamThrottledBeforeItsFirstEventIsRetriedOnTheNextBackend() {
    east.failNext(1, 429, null);
    HttpResponse<String> response = post("claude-failover-stream", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(response.headers().firstValue("x-tollgate-attempts")).hasValue("2");
    assertThat(response.body()).contains("data: [DONE]");
  }

  @Test
  void aStreamWithoutAFirstTokenInTimeIsCancelledAndRetriedElsewhere() throws Exception {
    east.stallNext(1);
    HttpResponse<String> response = post("claude-first-token", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(east.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aCallWithoutAnAnswerInItsIdleTimeIsCancelledAndRetriedElsewhere() throws Exception {
    east.stallNext(1);
    HttpResponse<String> response = post("claude-idle", false);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(response.headers().firstValue("x-tollgate-attempts")).hasValue("2");
    // The silent call is not left running at the provider.
    assertThat(east.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aPromptTooLongForTheModelFallsBackToTheContextWindowRoute() {
    east.failNext(1, 400, "ValidationException", "Input is too long for requested model.", null);
    HttpResponse<String> response = post("claude-bedrock", false);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-model")).hasValue("claude-west");
    assertThat(west.requestCount()).isEqualTo(1);
  }

  @Test
  void bedrockErrorsReachTheClientInItsOwnTerms() throws Exception {
    east.failNext(1, 403, null);
    HttpResponse<String> denied = post("claude-bedrock", false);
    assertThat(denied.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(denied.body()).at("/error/code").asText())
        .isEqualTo("upstream_auth_failed");

    east.failNext(1, 400, "ValidationException", "messages.0: malformed", null);
    HttpResponse<String> invalid = post("claude-bedrock", false);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(invalid.body()).at("/error/message").asText())
        .isEqualTo("messages.0: malformed");
  }

  @Test
  void aClientThatDisconnectsCancelsTheBedrockStream() throws Exception {
    east.setStreamChunks(50);
    east.setChunkInterval(Duration.ofMillis(100));
    HttpResponse<InputStream> response =
        Http.client()
            .send(
                HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
                    .header("authorization", "Bearer " + FULL_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body("claude-bedrock", true)))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    assertThat(body.read()).isNotEqualTo(-1);
    body.close();
    assertThat(east.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void whatConverseCannotDoIsA400NamingTheParameter() {
    assertThatThrownBy(
            () ->
                client()
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("claude-bedrock")
                            .addUserMessage("x")
                            .n(2)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).hasValue("n"));
    assertThatThrownBy(
            () ->
                client()
                    .embeddings()
                    .create(
                        EmbeddingCreateParams.builder().model("claude-bedrock").input("x").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("does not support embeddings");
    assertThat(east.requestCount()).isZero();
  }

  private HttpResponse<String> post(String model, boolean stream) {
    return Http.post(URI.create(v1 + "/chat/completions"), FULL_KEY, body(model, stream));
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }
}
