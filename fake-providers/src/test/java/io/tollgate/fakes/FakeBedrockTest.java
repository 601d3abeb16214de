package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.SdkToken;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * Proves FakeBedrock's wire format with the AWS SDK for Java v2: the sync client over HTTP/1.1 and
 * the async client with its default HTTP/2, which on http:// is h2c with prior knowledge.
 */
class FakeBedrockTest {

  static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  static final String PROFILE_ARN =
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-v1:0";

  static FakeBedrock fake;
  static BedrockRuntimeClient sync;
  static BedrockRuntimeAsyncClient async;

  @BeforeAll
  static void start() {
    fake = FakeBedrock.start();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "secret"));
    sync =
        BedrockRuntimeClient.builder()
            .endpointOverride(URI.create(fake.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    // Default Netty protocol for this client is HTTP/2: the fake must accept h2c prior knowledge.
    async =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(URI.create(fake.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterAll
  static void stop() {
    sync.close();
    async.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }

  static ToolConfiguration weatherTool() {
    return ToolConfiguration.builder()
        .tools(
            Tool.fromToolSpec(
                ToolSpecification.builder()
                    .name("get_weather")
                    .description("Current weather")
                    .inputSchema(
                        ToolInputSchema.fromJson(
                            Document.fromMap(Map.of("type", Document.fromString("object")))))
                    .build()))
        .build();
  }

  @Test
  void converseTextIsSigV4SignedAndParsed() {
    fake.setRequireSigV4(true);
    ConverseResponse resp =
        sync.converse(ConverseRequest.builder().modelId(MODEL).messages(user("hi there")).build());

    assertThat(resp.output().message().content().get(0).text())
        .isEqualTo("Hello! You said: hi there");
    assertThat(resp.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(resp.usage().inputTokens()).isEqualTo(5);
    assertThat(resp.usage().totalTokens())
        .isEqualTo(resp.usage().inputTokens() + resp.usage().outputTokens());
    AwsAuth auth = fake.lastAuth();
    assertThat(auth.kind()).isEqualTo(AwsAuth.Kind.SIGV4);
    assertThat(auth.service()).isEqualTo("bedrock");
    assertThat(auth.region()).isEqualTo("us-east-1");
    assertThat(auth.accessKeyId()).isEqualTo("AKIDFAKE");
    RecordedRequest req = fake.lastRequest();
    assertThat(req.path()).isEqualTo("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    assertThat(FakeBedrock.modelId(req)).isEqualTo(MODEL);
  }

  @Test
  void inferenceProfileArnArrivesEncodedInOneSegment() {
    sync.converse(ConverseRequest.builder().modelId(PROFILE_ARN).messages(user("x")).build());
    RecordedRequest req = fake.lastRequest();
    assertThat(req.path()).contains("%3A").contains("%2F");
    assertThat(FakeBedrock.modelId(req)).isEqualTo(PROFILE_ARN);
  }

  @Test
  void converseToolUseAndCacheUsage() {
    fake.setToolArguments("{\"city\":\"Paris\"}");
    fake.setCacheTokens(7, 3);
    ConverseResponse resp =
        sync.converse(
            ConverseRequest.builder()
                .modelId(MODEL)
                .messages(user("weather?"))
                .toolConfig(weatherTool())
                .build());
    assertThat(resp.stopReason()).isEqualTo(StopReason.TOOL_USE);
    var toolUse = resp.output().message().content().get(0).toolUse();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse.input().asMap().get("city").asString()).isEqualTo("Paris");
    assertThat(resp.usage().cacheReadInputTokens()).isEqualTo(7);
    assertThat(resp.usage().cacheWriteInputTokens()).isEqualTo(3);
  }

  @Test
  void bearerTokenIsRecorded() {
    SdkToken token = () -> "bedrock-api-key-1";
    try (BedrockRuntimeClient bearer =
        BedrockRuntimeClient.builder()
            .endpointOverride(URI.create(fake.endpoint()))
            .region(Region.US_WEST_2)
            .tokenProvider(StaticTokenProvider.create(token))
            .authSchemeProvider(
                BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      fake.setExpectedApiKey("bedrock-api-key-1");
      bearer.converse(ConverseRequest.builder().modelId(MODEL).messages(user("x")).build());
    }
    assertThat(fake.lastAuth().kind()).isEqualTo(AwsAuth.Kind.BEARER);
    assertThat(fake.lastAuth().bearerToken()).isEqualTo("bedrock-api-key-1");
    // The signed client is now rejected: only the bearer is expected.
    assertThatThrownBy(
            () ->
                sync.converse(ConverseRequest.builder().modelId(MODEL).messages(user("x")).build()))
        .hasMessageContaining("security token");
  }

  @Test
  void converseStreamTextOverH2c() throws Exception {
    fake.setStreamChunks(3);
    List<ConverseStreamOutput> events = stream(user("one two three"), null);

    assertThat(events.stream().map(e -> e.sdkEventType().toString()))
        .containsExactly(
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata");
    StringBuilder text = new StringBuilder();
    events.stream()
        .filter(e -> e.sdkEventType() == ConverseStreamOutput.EventType.CONTENT_BLOCK_DELTA)
        .forEach(
            e ->
                text.append(
                    ((software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent)
                            e)
                        .delta()
                        .text()));
    assertThat(text.toString()).isEqualTo("Hello! You said: one two three");
    assertThat(((MessageStopEvent) events.get(5)).stopReason()).isEqualTo(StopReason.END_TURN);
    var metadata =
        (software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent)
            events.get(6);
    assertThat(metadata.usage().outputTokens()).isEqualTo(6);
    assertThat(fake.lastRequest().header("authorization")).startsWith("AWS4-HMAC-SHA256 ");
    assertThat(fake.lastRequest().protocol()).isEqualTo("HTTP/2");
  }

  @Test
  void converseStreamToolUse() throws Exception {
    fake.setToolArguments("{\"city\":\"Paris\"}");
    List<ConverseStreamOutput> events = stream(user("weather?"), weatherTool());

    var start =
        (software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent) events.get(1);
    assertThat(start.start().toolUse().name()).isEqualTo("get_weather");
    StringBuilder input = new StringBuilder();
    events.stream()
        .filter(e -> e.sdkEventType() == ConverseStreamOutput.EventType.CONTENT_BLOCK_DELTA)
        .forEach(
            e ->
                input.append(
                    ((software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent)
                            e)
                        .delta()
                        .toolUse()
                        .input()));
    assertThat(input.toString()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void errorsAndMidStreamExceptions() {
    fake.failNext(1, 429, 2);
    assertThatThrownBy(
            () ->
                sync.converse(ConverseRequest.builder().modelId(MODEL).messages(user("x")).build()))
        .isInstanceOfSatisfying(
            ThrottlingException.class, e -> assertThat(e.statusCode()).isEqualTo(429));

    fake.failMidStreamNext(1, 2);
    assertThatThrownBy(() -> stream(user("a b c"), null))
        .hasRootCauseInstanceOf(ThrottlingException.class);
  }

  @Test
  void unionWithTwoMembersIsAValidationError() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var resp =
        http.send(
            java.net.http.HttpRequest.newBuilder(URI.create(fake.endpoint() + "/model/m/converse"))
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"messages\":[{\"role\":\"user\",\"content\":"
                            + "[{\"text\":\"a\",\"image\":{}}]}]}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(resp.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(FakeClient.json(resp.body()).get("message").asText()).contains("exactly one member");
  }

  private static List<ConverseStreamOutput> stream(Message message, ToolConfiguration tools)
      throws Exception {
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    ConverseStreamRequest.Builder request =
        ConverseStreamRequest.builder().modelId(MODEL).messages(message);
    if (tools != null) {
      request.toolConfig(tools);
    }
    try {
      async
          .converseStream(
              request.build(),
              ConverseStreamResponseHandler.builder().subscriber(events::add).build())
          .get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    return events;
  }
}
