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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.AwsAuth;
import io.tollgate.fakes.FakeSageMaker;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK, unmodified, served by SageMaker endpoints through the AWS SDK: OpenAI
 * chat payloads (vLLM, LMI, TGI's Messages API) and TGI-native {@code inputs/parameters} payloads,
 * streamed and not, with streamed events cut across PayloadParts; SigV4 for service {@code
 * sagemaker}; the routing headers; the container's own errors in the client's terms; failover.
 * Anthropic clients reach the same endpoints through the composed pairs.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class SageMakerBackendTest {

  static final String CONTAINER_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeSageMaker east;
  private static FakeSageMaker west;

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startUpstreams() {
    BedrockTestCredentials.install();
    east = FakeSageMaker.start();
    west = FakeSageMaker.start();
  }

  @AfterAll
  static void stopUpstreams() {
    GatewayTestEnvironment.delete("sagemaker-backends.yaml");
    east.close();
    west.close();
    BedrockTestCredentials.remove();
  }

  @BeforeEach
  void serveRoutes() {
    for (FakeSageMaker fake : List.of(east, west)) {
      fake.reset();
      fake.setRequireSigV4(true);
    }
    GatewayTestEnvironment.serve(
        v1, "llama-failover", "sagemaker-backends.yaml", SageMakerBackendTest::routes);
  }

  private static String routes() {
    return """
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: llama-chat}
        spec:
          backends:
            - name: east
              provider: sagemaker
              model: llama-chat-endpoint
              region: us-east-1
              baseUrl: "%1$s"
              sagemaker:
                containerModel: %3$s
                inferenceComponent: llama-ic
                targetVariant: blue
                customAttributes: "trace=on"
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: llama-tgi}
        spec:
          backends:
            - name: east
              provider: sagemaker
              model: llama-tgi-endpoint
              region: us-east-1
              baseUrl: "%1$s"
              sagemaker: {payload: tgi, promptFormat: llama3}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: llama-multi-model}
        spec:
          backends:
            - name: east
              provider: sagemaker
              model: llama-mme-endpoint
              region: us-east-1
              baseUrl: "%1$s"
              sagemaker: {targetModel: llama-8b.tar.gz}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: llama-failover}
        spec:
          strategy: priority
          retry: {attempts: 2, retryOn: [connect-error, timeout, rate-limited, server-error]}
          backends:
            - {name: east, provider: sagemaker, model: llama-east, region: us-east-1, baseUrl: "%1$s", priority: 0}
            - {name: west, provider: sagemaker, model: llama-west, region: us-west-2, baseUrl: "%2$s", priority: 1}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: llama-idle}
        spec:
          strategy: priority
          timeouts: {idle: 300ms}
          backends:
            - {name: east, provider: sagemaker, model: llama-east, region: us-east-1, baseUrl: "%1$s", priority: 0}
            - {name: west, provider: sagemaker, model: llama-west, region: us-west-2, baseUrl: "%2$s", priority: 1}
        """
        .formatted(east.endpoint(), west.endpoint(), CONTAINER_MODEL);
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(v1.toString())
        .apiKey(FULL_KEY)
        .maxRetries(0)
        .build();
  }

  @Test
  void anOpenAiChatContainerGetsTheBodyWithItsRoutingHeadersSigned() throws Exception {
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("llama-chat")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("hello there")
                    .maxCompletionTokens(64)
                    .build());

    assertThat(completion.choices().get(0).message().content().orElseThrow())
        .contains("hello there");
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    RecordedRequest upstream = east.lastRequest();
    assertThat(upstream.path()).isEqualTo("/endpoints/llama-chat-endpoint/invocations");
    assertThat(upstream.header("X-Amzn-SageMaker-Inference-Component")).isEqualTo("llama-ic");
    assertThat(upstream.header("X-Amzn-SageMaker-Target-Variant")).isEqualTo("blue");
    assertThat(upstream.header("X-Amzn-SageMaker-Custom-Attributes")).isEqualTo("trace=on");
    assertThat(upstream.header("content-type")).isEqualTo("application/json");
    AwsAuth auth = east.lastAuth();
    assertThat(auth.kind()).isEqualTo(AwsAuth.Kind.SIGV4);
    assertThat(auth.service()).isEqualTo("sagemaker");
    assertThat(auth.region()).isEqualTo("us-east-1");
    JsonNode body = JSON.readTree(upstream.body());
    // The container's served model name, not the route's or the endpoint's.
    assertThat(body.get("model").asText()).isEqualTo(CONTAINER_MODEL);
    assertThat(body.at("/messages/0/content").asText()).isEqualTo("Be brief.");
  }

  @Test
  void anOpenAiChatStreamIsReassembledFromPayloadPartsCutAnywhere() {
    east.setStreamChunks(6);
    // Seven-byte parts split events, lines and multi-byte characters alike.
    east.setPayloadPartSize(7);
    List<ChatCompletionChunk> chunks = stream("llama-chat", "stream me, naïvely", true);

    assertThat(text(chunks)).contains("stream me, naïvely");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
    assertThat(east.lastRequest().path())
        .isEqualTo("/endpoints/llama-chat-endpoint/invocations-response-stream");
  }

  @Test
  void aTgiContainerGetsTheConversationInItsChatTemplate() throws Exception {
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("llama-tgi")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("hello there")
                    .maxCompletionTokens(40)
                    .temperature(0.0)
                    .build());

    assertThat(completion.choices().get(0).message().content().orElseThrow())
        .contains("hello there");
    assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
    JsonNode body = JSON.readTree(east.lastRequest().body());
    assertThat(body.get("inputs").asText())
        .isEqualTo(
            "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nhello there<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(body.at("/parameters/max_new_tokens").asInt()).isEqualTo(40);
    assertThat(body.at("/parameters/do_sample").asBoolean()).isFalse();
    assertThat(body.has("model")).isFalse();
  }

  @Test
  void aTgiTokenStreamBecomesChatChunks() {
    east.setStreamChunks(5);
    List<ChatCompletionChunk> chunks = stream("llama-tgi", "stream tgi", true);

    assertThat(text(chunks)).contains("stream tgi");
    ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
    assertThat(finish.choices().get(0).finishReason()).isPresent();
    assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens()).isPositive();
    assertThat(stream("llama-tgi", "no usage", false))
        .allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
  }

  @Test
  void whatTgiCannotDoIsA400NamingTheParameter() {
    assertThatThrownBy(
            () ->
                client()
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("llama-tgi")
                            .addUserMessage("x")
                            .addFunctionTool(ToolRoundTrip.WEATHER)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).hasValue("tools"));
    assertThat(east.requestCount()).isZero();
  }

  @Test
  void theContainersOwnErrorReachesTheClientWithItsMessage() throws Exception {
    east.failNextInContainer(
        1,
        422,
        "{\"error\":\"Input validation error: `temperature` must be strictly positive\","
            + "\"error_type\":\"validation\"}");
    HttpResponse<String> response = post("llama-tgi", false);

    // The container's 422 is the client's to fix: a 400 in OpenAI's terms, its message kept.
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText())
        .isEqualTo("Input validation error: `temperature` must be strictly positive");
  }

  @Test
  void anUnknownEndpointIsTheGatewaysProblemNamedAsSuch() throws Exception {
    east.failNext(
        1, 400, "ValidationError", "Endpoint llama-chat-endpoint of account 1 not found.", null);
    HttpResponse<String> response = post("llama-chat", false);

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("upstream_not_found");
    assertThat(error.get("message").asText()).contains("llama-chat-endpoint", "not found");
  }

  @Test
  void missingIamPermissionsAreTheGatewaysProblemNamedAsSuch() throws Exception {
    east.failNext(
        1, 403, "AccessDeniedException", "not authorized: sagemaker:InvokeEndpoint", null);
    HttpResponse<String> response = post("llama-chat", false);

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("upstream_auth_failed");
    assertThat(error.get("message").asText()).contains("IAM permissions");
  }

  @Test
  void aMultiModelEndpointRefusesToStreamSayingWhy() throws Exception {
    HttpResponse<String> response = post("llama-multi-model", true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText())
        .contains("multi-model endpoints", "targetModel");
    assertThat(east.requestCount()).isZero();

    assertThat(post("llama-multi-model", false).statusCode()).isEqualTo(200);
    assertThat(east.lastRequest().header("X-Amzn-SageMaker-Target-Model"))
        .isEqualTo("llama-8b.tar.gz");
  }

  @Test
  void anEndpointThatIsUnavailableFailsOverToTheNext() {
    east.failNext(1, 503, null);
    HttpResponse<String> response = post("llama-failover", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(response.body()).contains("data: [DONE]");
    assertThat(west.lastAuth().region()).isEqualTo("us-west-2");
    assertThat(FakeSageMaker.endpointName(west.lastRequest())).isEqualTo("llama-west");
  }

  @Test
  void aSilentEndpointIsCancelledThereAndTheCallRetriedOnTheNext() throws Exception {
    east.stallNext(1);
    HttpResponse<String> response = post("llama-idle", false);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("west");
    assertThat(east.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aStreamThatBreaksMidwayEndsWithAnErrorTheClientCanSee() {
    east.setStreamChunks(8);
    east.failMidStreamNext(1, 3);
    HttpResponse<String> response = post("llama-chat", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("upstream_stream_broken").doesNotContain("[DONE]");
  }

  @Test
  void anAnthropicClientReachesATgiEndpoint() throws Exception {
    HttpResponse<String> response =
        Http.post(
            URI.create(v1 + "/messages"),
            FULL_KEY,
            "{\"model\":\"llama-tgi\",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello from anthropic\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode message = JSON.readTree(response.body());
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.at("/content/0/text").asText()).contains("hello from anthropic");
    assertThat(message.at("/usage/output_tokens").asInt()).isPositive();
    assertThat(JSON.readTree(east.lastRequest().body()).at("/parameters/max_new_tokens").asInt())
        .isEqualTo(50);
  }

  @Test
  void aBedrockClientReachesAnOpenAiChatEndpoint() throws Exception {
    HttpResponse<String> response =
        Http.post(
            URI.create(v1.resolve("/bedrock/model/llama-chat/converse").toString()),
            FULL_KEY,
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello from converse\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":30}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode converse = JSON.readTree(response.body());
    assertThat(converse.at("/output/message/content/0/text").asText())
        .contains("hello from converse");
    assertThat(converse.at("/usage/outputTokens").asInt()).isPositive();
    JsonNode body = JSON.readTree(east.lastRequest().body());
    assertThat(body.get("model").asText()).isEqualTo(CONTAINER_MODEL);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(30);
  }

  private List<ChatCompletionChunk> stream(String model, String prompt, boolean includeUsage) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt);
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

  private static String text(List<ChatCompletionChunk> chunks) {
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    return text.toString();
  }

  private HttpResponse<String> post(String model, boolean stream) {
    return Http.post(
        URI.create(v1 + "/chat/completions"),
        FULL_KEY,
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }
}
