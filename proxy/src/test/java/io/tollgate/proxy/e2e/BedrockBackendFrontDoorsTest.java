package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.AwsAuth;
import io.tollgate.fakes.FakeBedrock;
import java.net.URI;
import java.net.http.HttpResponse;
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
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The other front doors × a Bedrock backend: the AWS SDK's Bedrock client (its Converse request
 * reaches the backend whole, through the proxy's own SDK client) and the Anthropic SDK (translated
 * through OpenAI's schema).
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class BedrockBackendFrontDoorsTest {

  private static final String ROUTE = "bedrock-behind-gateway";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeBedrock bedrock;

  @TestHTTPResource("/")
  URI root;

  @TestHTTPResource("/v1")
  URI v1;

  @TestHTTPResource("/bedrock")
  URI endpoint;

  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeAll
  static void startUpstream() {
    BedrockTestCredentials.install();
    bedrock = FakeBedrock.start();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayTestEnvironment.delete("bedrock-front-doors.yaml");
    bedrock.close();
    BedrockTestCredentials.remove();
  }

  @BeforeEach
  void serveRoute() {
    bedrock.reset();
    bedrock.setRequireSigV4(true);
    GatewayTestEnvironment.serve(
        v1,
        ROUTE,
        "bedrock-front-doors.yaml",
        () ->
            """
            apiVersion: tollgate.io/v1alpha1
            kind: ModelRoute
            metadata: {name: %s}
            spec:
              backends:
                - name: bedrock
                  provider: bedrock
                  model: amazon.nova-lite-v1:0
                  region: eu-central-1
                  baseUrl: "%s"
            """
                .formatted(ROUTE, bedrock.endpoint()));
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
    clients.clear();
  }

  private BedrockRuntimeClient sync() {
    BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .tokenProvider(StaticTokenProvider.create(() -> FULL_KEY))
            .authSchemeProvider(
                BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    clients.add(client);
    return client;
  }

  private List<ConverseStreamOutput> stream(ConverseStreamRequest request) throws Exception {
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
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    try {
      client
          .converseStream(
              request, ConverseStreamResponseHandler.builder().subscriber(events::add).build())
          .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    return events;
  }

  private static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }

  @Test
  void aBedrockClientsConverseRequestReachesTheBackendWhole() throws Exception {
    ConverseResponse response =
        sync()
            .converse(
                ConverseRequest.builder()
                    .modelId(ROUTE)
                    .system(SystemContentBlock.fromText("be brief"))
                    .messages(user("hello there"))
                    .inferenceConfig(InferenceConfiguration.builder().maxTokens(100).build())
                    .additionalModelRequestFields(
                        Document.fromMap(Map.of("top_k", Document.fromNumber(5))))
                    .build());

    assertThat(response.output().message().content().get(0).text())
        .isEqualTo("Hello! You said: hello there");
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage().inputTokens()).isPositive();
    assertThat(FakeBedrock.modelId(bedrock.lastRequest())).isEqualTo("amazon.nova-lite-v1:0");
    AwsAuth auth = bedrock.lastAuth();
    assertThat(auth.kind()).isEqualTo(AwsAuth.Kind.SIGV4);
    assertThat(auth.region()).isEqualTo("eu-central-1");
    JsonNode upstream = JSON.readTree(bedrock.lastRequest().body());
    assertThat(upstream.at("/additionalModelRequestFields/top_k").asInt()).isEqualTo(5);
    assertThat(upstream.at("/system/0/text").asText()).isEqualTo("be brief");
  }

  @Test
  void aBedrockClientsToolUseKeepsItsJsonDocuments() {
    bedrock.setToolArguments("{\"city\":\"Paris\",\"days\":[1,2]}");
    ToolConfiguration weather =
        ToolConfiguration.builder()
            .tools(
                Tool.fromToolSpec(
                    ToolSpecification.builder()
                        .name("get_weather")
                        .inputSchema(
                            ToolInputSchema.fromJson(
                                Document.fromMap(Map.of("type", Document.fromString("object")))))
                        .build()))
            .build();
    ConverseResponse response =
        sync()
            .converse(
                ConverseRequest.builder()
                    .modelId(ROUTE)
                    .messages(user("weather?"))
                    .toolConfig(weather)
                    .build());

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    ToolUseBlock use =
        response.output().message().content().stream()
            .filter(b -> b.toolUse() != null)
            .findFirst()
            .orElseThrow()
            .toolUse();
    assertThat(use.input().asMap().get("city").asString()).isEqualTo("Paris");
    assertThat(use.input().asMap().get("days").asList()).hasSize(2);
  }

  @Test
  void aBedrockClientsStreamIsRelayedEventByEvent() throws Exception {
    bedrock.setStreamChunks(3);
    List<ConverseStreamOutput> events =
        stream(
            ConverseStreamRequest.builder().modelId(ROUTE).messages(user("one two three")).build());

    List<String> types = events.stream().map(e -> e.sdkEventType().toString()).toList();
    assertThat(types.get(0)).isEqualTo("messageStart");
    assertThat(types.subList(types.size() - 2, types.size()))
        .containsExactly("messageStop", "metadata");
    StringBuilder text = new StringBuilder();
    events.stream()
        .filter(ContentBlockDeltaEvent.class::isInstance)
        .forEach(e -> text.append(((ContentBlockDeltaEvent) e).delta().text()));
    assertThat(text.toString()).isEqualTo("Hello! You said: one two three");
    ConverseStreamMetadataEvent metadata =
        (ConverseStreamMetadataEvent) events.get(events.size() - 1);
    assertThat(metadata.usage().outputTokens()).isPositive();
  }

  @Test
  void aBedrockExceptionInTheStreamReachesTheClientAsBedrockSentIt() {
    bedrock.setStreamChunks(4);
    bedrock.failMidStreamNext(1, 3);
    bedrock.setMidStreamExceptionType("throttlingException");

    assertThatThrownBy(
            () ->
                stream(
                    ConverseStreamRequest.builder()
                        .modelId(ROUTE)
                        .messages(user("one two three"))
                        .build()))
        .hasCauseInstanceOf(ThrottlingException.class);
  }

  @Test
  void aMemberBedrockDoesNotKnowIsRefusedBeforeTheCall() throws Exception {
    HttpResponse<String> response =
        Http.post(
            URI.create(endpoint + "/model/" + ROUTE + "/converse"),
            FULL_KEY,
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"topK\":5}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(JSON.readTree(response.body()).path("message").asText()).contains("topK");
    assertThat(bedrock.requestCount()).isZero();
  }

  private AnthropicClient anthropic() {
    AnthropicClient client =
        AnthropicOkHttpClient.builder().baseUrl(root.toString()).apiKey(FULL_KEY).build();
    clients.add(client::close);
    return client;
  }

  @Test
  void anAnthropicClientIsServedThroughTheOpenAiSchema() {
    var message =
        anthropic()
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model(ROUTE)
                    .maxTokens(100)
                    .system("be brief")
                    .addUserMessage("hello there")
                    .build());

    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello! You said: hello there");
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(bedrock.lastRequest().path()).endsWith("/converse");

    bedrock.setStreamChunks(3);
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        anthropic()
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model(ROUTE)
                    .maxTokens(100)
                    .addUserMessage("one two three")
                    .build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    assertThat(accumulator.message().content().get(0).asText().text())
        .isEqualTo("Hello! You said: one two three");
    assertThat(accumulator.message().usage().outputTokens()).isPositive();
  }
}
