package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure OpenAI deployment path on FakeOpenAi: api-version, api-key, deployment as model. */
class AzureOpenAiTest {

  static FakeOpenAi fake;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    fake = FakeOpenAi.start(FakeOpenAi.Options.defaults().withEventLoops(1));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static HttpResponse<String> post(String pathAndQuery, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(fake.azureEndpoint() + pathAndQuery))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void deploymentPathAnswersWithTheDeploymentAsModel() throws Exception {
    fake.setExpectedApiKey("azure-key");
    HttpResponse<String> resp =
        post(
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "api-key",
            "azure-key");
    assertThat(resp.statusCode()).isEqualTo(200);
    JsonNode body = FakeClient.json(resp.body());
    assertThat(body.get("model").asText()).isEqualTo("gpt4o-prod");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello! You said: hi");
    RecordedRequest req = fake.lastRequest();
    assertThat(req.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
    assertThat(req.query()).isEqualTo("api-version=2024-10-21");
    assertThat(req.header("api-key")).isEqualTo("azure-key");
  }

  @Test
  void streamingWorksOnTheDeploymentPath() throws Exception {
    HttpResponse<String> resp =
        post(
            "/openai/deployments/d/chat/completions?api-version=2024-10-21",
            "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}");
    assertThat(FakeClient.sseChunks(resp.body())).isNotEmpty();
  }

  @Test
  void missingApiVersionOrWrongKeyFailLikeAzure() throws Exception {
    HttpResponse<String> noVersion =
        post(
            "/openai/deployments/d/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(noVersion.statusCode()).isEqualTo(404);

    fake.setExpectedApiKey("azure-key");
    HttpResponse<String> wrong =
        post(
            "/openai/deployments/d/chat/completions?api-version=2024-10-21",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "api-key",
            "nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(FakeClient.json(wrong.body()).at("/error/code").asText()).isEqualTo("401");
  }
}
