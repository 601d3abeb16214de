package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK, unmodified, served by an Azure OpenAI deployment through the gateway.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class AzureOpenAiBackendTest {

  @TestHTTPResource("/v1")
  URI v1;

  @AfterAll
  static void removeRoute() {
    GatewayTestEnvironment.delete("azure.yaml");
  }

  @BeforeEach
  void serveRoute() throws Exception {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    GatewayTestEnvironment.serve(
        v1,
        "azure-chat",
        "azure.yaml",
        () ->
            """
          apiVersion: tollgate.io/v1alpha1
          kind: ModelRoute
          metadata: {name: azure-chat}
          spec:
            backends:
              - name: azure
                provider: azure-openai
                model: gpt-4o-deploy
                baseUrl: %s
                credentialsSecretRef: {name: upstream-credentials, key: apiKey}
          """
                .formatted(fake().azureEndpoint()));
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(v1.toString())
        .apiKey(FULL_KEY)
        .maxRetries(0)
        .build();
  }

  @Test
  void chatGoesToTheDeploymentWithTheApiVersionAndApiKey() {
    ChatCompletion completion =
        client()
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("azure-chat")
                    .addUserMessage("hello azure")
                    .build());
    assertThat(completion.choices().get(0).message().content())
        .hasValue("Hello! You said: hello azure");

    RecordedRequest upstream = fake().lastRequest();
    assertThat(upstream.path()).isEqualTo("/openai/deployments/gpt-4o-deploy/chat/completions");
    assertThat(upstream.query()).isEqualTo("api-version=2024-10-21");
    assertThat(upstream.header("api-key")).isEqualTo(UPSTREAM_KEY);
    assertThat(upstream.header("authorization")).isNull();
  }

  @Test
  void streamsPassThrough() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("azure-chat")
                    .addUserMessage("stream azure")
                    .build())) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isEqualTo("Hello! You said: stream azure");
  }
}
