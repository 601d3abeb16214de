package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeAnthropic;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official anthropic-java client, unmodified, against {@code /v1/messages}: each case runs on a
 * route served by an OpenAI backend ({@code chat}) and on one served by an Anthropic backend.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class AnthropicSdkCompatibilityTest {

  private static final String ANTHROPIC_KEY = "sk-ant-sdk-suite";
  private static final String CLAUDE = "claude-sdk";
  private static FakeAnthropic anthropic;

  @TestHTTPResource("/")
  URI root;

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startUpstream() {
    anthropic = FakeAnthropic.start();
  }

  @AfterAll
  static void stopUpstream() {
    GatewayTestEnvironment.delete("anthropic-sdk.yaml");
    anthropic.close();
  }

  @BeforeEach
  void serveRoutes() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    anthropic.reset();
    anthropic.setExpectedApiKey(ANTHROPIC_KEY);
    GatewayTestEnvironment.serve(
        v1,
        CLAUDE,
        "anthropic-sdk.yaml",
        () ->
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: anthropic-sdk}
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
                  credentialsSecretRef: {name: anthropic-sdk, key: apiKey}
            """
                .formatted(ANTHROPIC_KEY, CLAUDE, anthropic.baseUrl()));
  }

  private final List<AnthropicClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(AnthropicClient::close);
    clients.clear();
  }

  /** The gateway takes the key given as {@code authToken} and as {@code apiKey} alike. */
  private AnthropicClient client(String key, boolean asAuthToken) {
    AnthropicOkHttpClient.Builder builder =
        AnthropicOkHttpClient.builder().baseUrl(root.toString()).maxRetries(0);
    AnthropicClient client = (asAuthToken ? builder.authToken(key) : builder.apiKey(key)).build();
    clients.add(client);
    return client;
  }

  private static MessageCreateParams.Builder ask(String model, String text) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(200)
        .system("be brief")
        .addUserMessage(text);
  }

  static final Tool WEATHER =
      Tool.builder()
          .name("get_weather")
          .description("Current weather in a city")
          .inputSchema(
              Tool.InputSchema.builder()
                  .properties(
                      Tool.InputSchema.Properties.builder()
                          .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                          .build())
                  .addRequired("city")
                  .build())
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void plainMessage(String model) {
    AnthropicClient client = client(FULL_KEY, true);
    Message message = client.messages().create(ask(model, "hello there").build());

    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello! You said: hello there");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isPositive();
    assertThat(message.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void streamedMessageAccumulates(String model) {
    fake().setStreamChunks(3);
    anthropic.setStreamChunks(3);
    MessageAccumulator accumulator = MessageAccumulator.create();
    AnthropicClient client = client(FULL_KEY, false);
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(ask(model, "one two three four").build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();
    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asText().text())
        .isEqualTo("Hello! You said: one two three four");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isPositive();
    assertThat(message.usage().inputTokens() + message.usage().outputTokens()).isGreaterThan(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void toolUseRoundTrip(String model) {
    fake().setToolArguments("{\"city\":\"Paris\"}");
    anthropic.setToolArguments("{\"city\":\"Paris\"}");
    AnthropicClient client = client(FULL_KEY, true);
    MessageCreateParams.Builder first = ask(model, "weather in Paris?").addTool(WEATHER);
    Message call = client.messages().create(first.build());

    assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock use =
        call.content().stream()
            .filter(ContentBlock::isToolUse)
            .findFirst()
            .orElseThrow()
            .asToolUse();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));

    Message answer =
        client
            .messages()
            .create(
                first
                    .addMessage(call)
                    .addUserMessageOfContentBlockParams(
                        List.of(
                            ContentBlockParam.ofToolResult(
                                ToolResultBlockParam.builder()
                                    .toolUseId(use.id())
                                    .content("sunny, 21C")
                                    .build())))
                    .build());
    assertThat(answer.content().get(0).asText().text()).contains("sunny, 21C");
    assertThat(answer.stopReason()).contains(StopReason.END_TURN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", CLAUDE})
  void streamedToolUseHasParsedInput(String model) {
    fake().setToolArguments("{\"city\":\"Paris\"}");
    anthropic.setToolArguments("{\"city\":\"Paris\"}");
    MessageAccumulator accumulator = MessageAccumulator.create();
    AnthropicClient client = client(FULL_KEY, true);
    try (StreamResponse<RawMessageStreamEvent> stream =
        client
            .messages()
            .createStreaming(ask(model, "weather in Paris?").addTool(WEATHER).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();
    ToolUseBlock use =
        message.content().stream()
            .filter(ContentBlock::isToolUse)
            .findFirst()
            .orElseThrow()
            .asToolUse();
    assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void errorsRaiseTheSdksOwnExceptions(boolean asAuthToken) {
    AnthropicClient wrong = client("tg-not-a-key", asAuthToken);
    AnthropicClient limited = client(LIMITED_KEY, asAuthToken);
    AnthropicClient full = client(FULL_KEY, asAuthToken);
    assertThatThrownBy(() -> wrong.messages().create(ask("chat", "x").build()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> limited.messages().create(ask("restricted-model", "x").build()))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> full.messages().create(ask("nope", "x").build()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                full.messages()
                    .create(
                        ask("chat", "x")
                            .putAdditionalBodyProperty("top_k", JsonValue.from(3))
                            .build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("top_k");
    fake().failNext(1, 503, null, null);
    assertThatThrownBy(() -> full.messages().create(ask("chat", "x").build()))
        .isInstanceOf(OverloadedException.class);
  }
}
