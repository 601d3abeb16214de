package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.AZURE_CLIENT_ID;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.AZURE_TENANT;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeEntra;
import io.tollgate.fakes.FakeOpenAi;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK served by Azure OpenAI deployments that take Microsoft Entra ID bearer
 * tokens: the proxy's workload identity (federated token file, tenant and client from its
 * environment) or an app registration's client secret, tokens cached and refreshed ahead of expiry,
 * and a token endpoint that refuses the proxy failing over or answering a 502 that names the
 * backend. Each route asks for its own scope, so each test starts with its own token source.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class AzureEntraBackendTest {

  static final String APP_CLIENT_ID = "0b7f3c9e-5d2a-4c1b-9e8f-1a2b3c4d5e6f";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeEntra entra;
  private static FakeOpenAi azure;

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startUpstreams() {
    entra = FakeEntra.start();
    azure = FakeOpenAi.start();
  }

  @AfterAll
  static void stopUpstreams() {
    GatewayTestEnvironment.delete("azure-entra.yaml");
    azure.close();
    entra.close();
  }

  @BeforeEach
  void serveRoutes() {
    entra.reset();
    azure.reset();
    entra.setTokenValue("entra-token-a");
    azure.setExpectedApiKey("entra-token-a");
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    GatewayTestEnvironment.serve(
        v1, "entra-down-failover", "azure-entra.yaml", AzureEntraBackendTest::routes);
  }

  private static String routes() {
    return route("entra-workload", "wi", "")
        + route("entra-stream", "stream", "")
        + route("entra-refresh", "refresh", "")
        + route(
            "entra-secret",
            "secret",
            "\n      credentialsSecretRef: {name: upstream-credentials, key: apiKey}",
            "tenantId: contoso.onmicrosoft.com, clientId: " + APP_CLIENT_ID + ", ")
        + route("entra-down", "down", "")
        + """
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: entra-down-failover}
        spec:
          strategy: priority
          retry: {attempts: 2}
          backends:
            - name: entra
              provider: azure-openai
              model: gpt-4o-deploy
              baseUrl: %s
              priority: 0
              entra: {authorityHost: "%s", scope: "api://down-failover/.default"}
            - name: key
              provider: azure-openai
              model: gpt-4o-deploy
              baseUrl: %s
              priority: 1
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
        """
            .formatted(azure.azureEndpoint(), entra.authorityHost(), fake().azureEndpoint());
  }

  private static String route(String name, String scope, String extra) {
    return route(name, scope, extra, "");
  }

  private static String route(String name, String scope, String extra, String identity) {
    return """
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: %1$s}
        spec:
          backends:
            - name: azure
              provider: azure-openai
              model: gpt-4o-deploy
              baseUrl: %2$s
              entra: {%4$sauthorityHost: "%3$s", scope: "api://%5$s/.default"}%6$s
        """
        .formatted(name, azure.azureEndpoint(), entra.authorityHost(), identity, scope, extra);
  }

  private OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(v1.toString())
        .apiKey(FULL_KEY)
        .maxRetries(0)
        .build();
  }

  private ChatCompletion chat(String model) {
    return client()
        .chat()
        .completions()
        .create(ChatCompletionCreateParams.builder().model(model).addUserMessage("hello").build());
  }

  @Test
  void theWorkloadIdentitysFederatedTokenBuysABearerTokenThatIsKept() {
    assertThat(chat("entra-workload").choices().get(0).message().content()).isPresent();
    assertThat(chat("entra-workload").choices()).hasSize(1);

    // One token request for both calls, a client assertion from the projected token.
    List<FakeEntra.TokenRequest> requests = entra.requests();
    assertThat(requests).hasSize(1);
    FakeEntra.TokenRequest token = requests.get(0);
    assertThat(token.tenant()).isEqualTo(AZURE_TENANT);
    Map<String, String> form = token.form();
    assertThat(form)
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", AZURE_CLIENT_ID)
        .containsEntry("scope", "api://wi/.default")
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("client_assertion", "federated-jwt-1")
        .doesNotContainKey("client_secret");
    RecordedRequest upstream = azure.lastRequest();
    assertThat(upstream.header("authorization")).isEqualTo("Bearer entra-token-a");
    assertThat(upstream.header("api-key")).isNull();
  }

  @Test
  void streamsCarryTheBearerToo() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client()
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("entra-stream")
                    .addUserMessage("stream me")
                    .build())) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).contains("stream me");
    assertThat(azure.lastRequest().header("authorization")).isEqualTo("Bearer entra-token-a");
  }

  @Test
  void anAppRegistrationsClientSecretIsSentToTheTokenEndpointOnly() {
    chat("entra-secret");

    FakeEntra.TokenRequest token = entra.requests().get(0);
    assertThat(token.tenant()).isEqualTo("contoso.onmicrosoft.com");
    assertThat(token.form())
        .containsEntry("client_id", APP_CLIENT_ID)
        .containsEntry("client_secret", UPSTREAM_KEY)
        .doesNotContainKey("client_assertion");
    RecordedRequest upstream = azure.lastRequest();
    assertThat(upstream.header("api-key")).isNull();
    assertThat(upstream.header("authorization")).isEqualTo("Bearer entra-token-a");
  }

  @Test
  void aTokenIsRefreshedAheadOfItsExpiryWithTheRotatedFederatedToken() throws Exception {
    entra.setExpiresIn(2);
    chat("entra-refresh");
    Files.writeString(GatewayTestEnvironment.federatedTokenFile(), "federated-jwt-2\n");
    try {
      entra.setTokenValue("entra-token-b");
      // Past half the token's life: the request still goes with the valid token while a new
      // one is fetched in the background.
      Thread.sleep(1_200);
      azure.setExpectedApiKey("entra-token-a");
      chat("entra-refresh");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (entra.requests().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(entra.requests()).hasSize(2);
      assertThat(entra.requests().get(1).form())
          .containsEntry("client_assertion", "federated-jwt-2");
      azure.setExpectedApiKey("entra-token-b");
      chat("entra-refresh");
      assertThat(azure.lastRequest().header("authorization")).isEqualTo("Bearer entra-token-b");
    } finally {
      Files.writeString(GatewayTestEnvironment.federatedTokenFile(), "federated-jwt-1\n");
    }
  }

  @Test
  void aTokenEndpointThatRefusesTheProxyIsA502NamingTheBackend() throws Exception {
    entra.failNext(1);
    HttpResponse<String> response = post("entra-down");

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("upstream_auth_failed");
    assertThat(error.get("message").asText())
        .contains("backend 'azure'", "entra-down", "AADSTS7000215", "/oauth2/v2.0/token");
    assertThat(azure.requestCount()).isZero();
  }

  @Test
  void aTokenEndpointThatRefusesTheProxyFailsOverToTheNextBackend() {
    entra.failNext(1);
    HttpResponse<String> response = post("entra-down-failover");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-tollgate-backend")).hasValue("key");
    assertThat(fake().lastRequest().header("api-key")).isEqualTo(UPSTREAM_KEY);
  }

  private HttpResponse<String> post(String model) {
    return Http.post(
        URI.create(v1 + "/chat/completions"),
        FULL_KEY,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }
}
