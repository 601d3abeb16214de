package io.tollgate.fakes;

import static io.tollgate.fakes.FakeClient.chatBody;
import static io.tollgate.fakes.FakeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorsAndAuthTest {

  static FakeOpenAi fake;
  static FakeClient client;

  @BeforeAll
  static void start() {
    fake = FakeOpenAi.start(FakeOpenAi.Options.defaults().withEventLoops(1));
    client = new FakeClient(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  /** The error object with exactly OpenAI's four keys; returns it for further checks. */
  static JsonNode assertOpenAiError(String body) {
    JsonNode root = json(body);
    assertThat(ChatCompletionsTest.fieldNames(root)).containsExactly("error");
    JsonNode error = root.get("error");
    assertThat(ChatCompletionsTest.fieldNames(error))
        .containsExactly("message", "type", "param", "code");
    assertThat(error.get("message").asText()).isNotBlank();
    return error;
  }

  @Test
  void badJsonIs400InvalidRequest() {
    HttpResponse<String> resp = client.post("/chat/completions", "{\"model\":");
    assertThat(resp.statusCode()).isEqualTo(400);
    JsonNode error = assertOpenAiError(resp.body());
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").isNull()).isTrue();
    assertThat(error.get("code").isNull()).isTrue();
  }

  @Test
  void missingModelIs400() {
    HttpResponse<String> resp =
        client.post("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(assertOpenAiError(resp.body()).get("message").asText()).contains("model");
  }

  @Test
  void missingMessagesIs400WithParam() {
    HttpResponse<String> resp = client.post("/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertThat(resp.statusCode()).isEqualTo(400);
    JsonNode error = assertOpenAiError(resp.body());
    assertThat(error.get("param").asText()).isEqualTo("messages");
    assertThat(error.get("code").asText()).isEqualTo("missing_required_parameter");
  }

  @Test
  void unknownPathIs404InOpenAiShape() {
    HttpResponse<String> resp = client.get("/nothing-here");
    assertThat(resp.statusCode()).isEqualTo(404);
    assertThat(assertOpenAiError(resp.body()).get("message").asText())
        .isEqualTo("Invalid URL (GET /v1/nothing-here)");
  }

  @Test
  void expectedApiKeyIsEnforced() {
    fake.setExpectedApiKey("sk-upstream");

    HttpResponse<String> wrong =
        client.post(
            "/chat/completions", chatBody(false, "x"), "Authorization", "Bearer sk-wrong-key-1234");
    assertThat(wrong.statusCode()).isEqualTo(401);
    JsonNode error = assertOpenAiError(wrong.body());
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).doesNotContain("sk-wrong-key-1234");

    HttpResponse<String> missing = client.post("/chat/completions", chatBody(false, "x"));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(assertOpenAiError(missing.body()).get("message").asText())
        .contains("didn't provide an API key");

    HttpResponse<String> right =
        client.post(
            "/chat/completions", chatBody(false, "x"), "Authorization", "Bearer sk-upstream");
    assertThat(right.statusCode()).isEqualTo(200);

    fake.setExpectedApiKey(null);
    assertThat(client.post("/chat/completions", chatBody(false, "x")).statusCode()).isEqualTo(200);
  }
}
