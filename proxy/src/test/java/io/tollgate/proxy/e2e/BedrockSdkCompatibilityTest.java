package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_MODEL;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeAnthropic;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The AWS SDK for Java v2, unmodified, against the Bedrock front door with the gateway key as a
 * Bedrock API key: the sync client over HTTP/1.1 and the async client with its default HTTP/2 (h2c
 * on http://). Each case runs on a route served by an OpenAI backend ({@code chat}) and on one
 * served by an Anthropic backend; the SDK's own CRC and union checks must pass.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class BedrockSdkCompatibilityTest {

  private static final String ANTHROPIC_KEY = "sk-ant-bedrock-suite";

  /** A Bedrock-style model id: the SDK sends the colon as %3A. */
  private static final String CLAUDE = "anthropic.claude-gateway-v1:0";

  /** An inference-profile ARN as a route name: %3A and %2F inside one path segment. */
  private static final String PROFILE_ARN =
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.claude-gateway";

  private static FakeAnthropic anthropic;

  @TestHTTPResource("/v1")
  URI v1;

  @TestHTTPResource("/bedrock")
  URI endpoint;

  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeAll
  static void startUpstream() {
    anthropic = FakeAnthropic.start();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayTestEnvironment.delete("bedrock-front-door.yaml");
    anthropic.close();
  }

  @BeforeEach
  void serveRoutes() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
    anthropic.reset();
    anthropic.setExpectedApiKey(ANTHROPIC_KEY);
    GatewayTestEnvironment.serve(
        v1,
        CLAUDE,
        "bedrock-front-door.yaml",
        () ->
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: bedrock-front-door}
            stringData: {apiKey: %1$s}
            ---
            apiVersion: tollgate.io/v1alpha1
            kind: ModelRoute
            metadata: {name: claude-gateway}
            spec:
              model: "%2$s"
              backends:
                - name: anthropic
                  provider: anthropic
                  model: claude-haiku-4-5
                  baseUrl: %3$s/v1
                  credentialsSecretRef: {name: bedrock-front-door, key: apiKey}
            ---
            apiVersion: tollgate.io/v1alpha1
            kind: ModelRoute
            metadata: {name: claude-profile}
            spec:
              model: "%4$s"
              backends:
                - name: anthropic
                  provider: anthropic
                  model: claude-haiku-4-5
                  baseUrl: %3$s/v1
                  credentialsSecretRef: {name: bedrock-front-door, key: apiKey}
            """
                .formatted(ANTHROPIC_KEY, CLAUDE, anthropic.baseUrl(), PROFILE_ARN));
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
  }

  /** Bearer auth with the gateway key, as a Bedrock API key is sent; no SigV4, no retries. */
  private BedrockRuntimeClient sync(String key) {
    BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> key))
            .authSchemeProvider(
                BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    clients.add(client);
    return client;
  }

  private BedrockRuntimeAsyncClient async() {
    BedrockRuntimeAsyncClient client =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> FULL_KEY))
            .authSchemeProvider(
                BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    clients.add(client);
    return client;
  }

  private static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }

  private static final ToolConfiguration WEATHER =
      ToolConfiguration.builder()
          .tools(
              Tool.fromToolSpec(
                  ToolSpecification.builder()
                      .name("get_weather")
                      .description("Current weather in a city")
                      .inputSchema(
                          ToolInputSchema.fromJson(
                              Document.fromMap(
                                  Map.of(
                                      "type",
                                      Document.fromString("object"),
                                      "properties",
                                      Document.fromMap(
                                          Map.of(
                                              "city",
                                              Document.fromMap(
                                                  Map.of(
                                                      "type", Document.fromString("string")))))))))
                      .build()))
          .build();

  private ConverseRequest.Builder ask(String model, String text) {
    return ConverseRequest.builder()
        .modelId(model)
        .system(SystemContentBlock.fromText("be brief"))
        .messages(user(text))
        .inferenceConfig(InferenceConfiguration.builder().maxTokens(200).temperature(0.5f).build());
  }

  private List<ConverseStreamOutput> stream(ConverseStreamRequest request) throws Exception {
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    try {
      async()
          .converseStream(
              request, ConverseStreamResponseHandler.builder().subscriber(events::add).build())
          .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    return events;
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void converse(String model) throws Exception {
    AccessLines log = AccessLines.capture();
    ConverseResponse response = sync(FULL_KEY).converse(ask(model, "hello there").build());

    assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
    assertThat(response.output().message().content().get(0).text())
        .isEqualTo("Hello! You said: hello there");
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage().inputTokens()).isPositive();
    assertThat(response.usage().outputTokens()).isPositive();
    assertThat(response.usage().totalTokens())
        .isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
    assertThat(response.metrics().latencyMs()).isNotNegative();

    JsonNode line =
        log.lineFor(response.sdkHttpResponse().firstMatchingHeader("x-request-id").orElseThrow());
    assertThat(line.path("operation").asText()).isEqualTo("converse");
    assertThat(line.path("model").asText()).isEqualTo(model);
    assertThat(line.path("prompt_tokens").asInt()).isEqualTo(response.usage().inputTokens());
    assertThat(line.path("completion_tokens").asInt()).isEqualTo(response.usage().outputTokens());
  }

  /** What {@code AWS_BEARER_TOKEN_BEDROCK} does for an application: no token provider in code. */
  @Test
  void theSdksBedrockApiKeySettingIsEnough() {
    System.setProperty("aws.bearerTokenBedrock", FULL_KEY);
    try (BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThat(client.converse(ask("chat", "hi").build()).output().message().content())
          .isNotEmpty();
    } finally {
      System.clearProperty("aws.bearerTokenBedrock");
    }
  }

  @Test
  void openAiBackendGetsTheTranslatedRequest() throws Exception {
    sync(FULL_KEY).converse(ask("chat", "hello").build());

    assertThat(fake().lastRequest().path()).isEqualTo("/v1/chat/completions");
    JsonNode upstream = fake().lastRequest().json();
    assertThat(upstream.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
    assertThat(upstream.path("max_completion_tokens").asInt()).isEqualTo(200);
    assertThat(upstream.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(upstream.at("/messages/0/content").asText()).isEqualTo("be brief");
  }

  @Test
  void modelIdsArePercentDecodedWithinOneSegment() {
    ConverseResponse response = sync(FULL_KEY).converse(ask(PROFILE_ARN, "via profile").build());

    assertThat(response.output().message().content().get(0).text())
        .isEqualTo("Hello! You said: via profile");
    assertThat(anthropic.lastRequest().json().path("model").asText()).isEqualTo("claude-haiku-4-5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void converseStreamOverH2c(String model) throws Exception {
    fake().setStreamChunks(3);
    anthropic.setStreamChunks(3);
    List<ConverseStreamOutput> events =
        stream(
            ConverseStreamRequest.builder().modelId(model).messages(user("one two three")).build());

    List<String> types = events.stream().map(e -> e.sdkEventType().toString()).toList();
    assertThat(types.get(0)).isEqualTo("messageStart");
    assertThat(types.subList(types.size() - 3, types.size()))
        .containsExactly("contentBlockStop", "messageStop", "metadata");
    assertThat(types).filteredOn("contentBlockDelta"::equals).hasSizeGreaterThanOrEqualTo(3);
    StringBuilder text = new StringBuilder();
    events.stream()
        .filter(ContentBlockDeltaEvent.class::isInstance)
        .forEach(e -> text.append(((ContentBlockDeltaEvent) e).delta().text()));
    assertThat(text.toString()).isEqualTo("Hello! You said: one two three");
    MessageStopEvent stop = (MessageStopEvent) events.get(events.size() - 2);
    assertThat(stop.stopReason()).isEqualTo(StopReason.END_TURN);
    ConverseStreamMetadataEvent metadata =
        (ConverseStreamMetadataEvent) events.get(events.size() - 1);
    assertThat(metadata.usage().inputTokens()).isPositive();
    assertThat(metadata.usage().outputTokens()).isPositive();
    assertThat(metadata.metrics().latencyMs()).isNotNegative();
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void toolUseRoundTrip(String model) {
    fake().setToolArguments("{\"city\":\"Paris\"}");
    anthropic.setToolArguments("{\"city\":\"Paris\"}");
    BedrockRuntimeClient client = sync(FULL_KEY);
    Message question = user("weather in Paris?");
    ConverseResponse call =
        client.converse(
            ConverseRequest.builder()
                .modelId(model)
                .messages(question)
                .toolConfig(WEATHER)
                .build());

    assertThat(call.stopReason()).isEqualTo(StopReason.TOOL_USE);
    ToolUseBlock use =
        call.output().message().content().stream()
            .filter(b -> b.toolUse() != null)
            .findFirst()
            .orElseThrow()
            .toolUse();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use.input().asMap().get("city").asString()).isEqualTo("Paris");

    Message result =
        Message.builder()
            .role(ConversationRole.USER)
            .content(
                ContentBlock.fromToolResult(
                    ToolResultBlock.builder()
                        .toolUseId(use.toolUseId())
                        .content(ToolResultContentBlock.fromText("sunny, 21C"))
                        .build()))
            .build();
    ConverseResponse answer =
        client.converse(
            ConverseRequest.builder()
                .modelId(model)
                .messages(question, call.output().message(), result)
                .toolConfig(WEATHER)
                .build());
    assertThat(answer.output().message().content().get(0).text()).contains("sunny, 21C");
    assertThat(answer.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void streamedToolUse(String model) throws Exception {
    fake().setToolArguments("{\"city\":\"Paris\"}");
    anthropic.setToolArguments("{\"city\":\"Paris\"}");
    List<ConverseStreamOutput> events =
        stream(
            ConverseStreamRequest.builder()
                .modelId(model)
                .messages(user("weather in Paris?"))
                .toolConfig(WEATHER)
                .build());

    ContentBlockStartEvent start =
        events.stream()
            .filter(ContentBlockStartEvent.class::isInstance)
            .map(ContentBlockStartEvent.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(start.start().toolUse().name()).isEqualTo("get_weather");
    assertThat(start.start().toolUse().toolUseId()).isNotBlank();
    StringBuilder input = new StringBuilder();
    events.stream()
        .filter(ContentBlockDeltaEvent.class::isInstance)
        .map(ContentBlockDeltaEvent.class::cast)
        .filter(e -> e.contentBlockIndex().equals(start.contentBlockIndex()))
        .forEach(e -> input.append(e.delta().toolUse().input()));
    assertThat(input.toString().replace(" ", "")).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(((MessageStopEvent) events.get(events.size() - 2)).stopReason())
        .isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void errorsRaiseBedrocksModelledExceptions() {
    assertThatThrownBy(() -> sync("tg-not-a-key").converse(ask("chat", "x").build()))
        .isInstanceOfSatisfying(
            BedrockRuntimeException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            });
    assertThatThrownBy(() -> sync(LIMITED_KEY).converse(ask("restricted-model", "x").build()))
        .isInstanceOf(AccessDeniedException.class);
    BedrockRuntimeClient client = sync(FULL_KEY);
    assertThatThrownBy(() -> client.converse(ask("no-such-model", "x").build()))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(
            () ->
                client.converse(
                    ask("chat", "x")
                        .guardrailConfig(
                            GuardrailConfiguration.builder()
                                .guardrailIdentifier("gr-1")
                                .guardrailVersion("1")
                                .build())
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("guardrailConfig");
    fake().failNext(1, 429, null, 2);
    assertThatThrownBy(() -> client.converse(ask("chat", "x").build()))
        .isInstanceOfSatisfying(
            ThrottlingException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    anthropic.failNext(1, 529, null);
    assertThatThrownBy(() -> client.converse(ask(CLAUDE, "x").build()))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(fake().requestCount()).isEqualTo(1);
  }

  @Test
  void aStreamThatBreaksOffRaisesAModelStreamError() {
    fake().setStreamChunks(4);
    fake().dropNext(1, 2);
    assertThatThrownBy(
            () ->
                stream(
                    ConverseStreamRequest.builder()
                        .modelId("chat")
                        .messages(user("one two three four"))
                        .build()))
        .hasRootCauseInstanceOf(ModelStreamErrorException.class);
  }
}
