package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_MODEL;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.RecordedRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat completions through the real HTTP stack to the fake upstream, non-streamed. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class ChatCompletionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void answersWithTheUpstreamsBodyAndRecordsItsUsage() throws Exception {
    HttpResponse<String> response =
        Http.post(
            chat,
            FULL_KEY,
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-request-id")).isPresent();
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = json(response);
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello! You said: ping");
    assertThat(body.at("/usage/total_tokens").asInt()).isPositive();
  }

  @Test
  void sendsTheUpstreamModelAndCredentialAndPassesUnknownFieldsThrough() {
    String request =
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
            + "\"vendor_extension\":{\"nested\":[1,2,{\"k\":\"v\"}]},\"seed\":42}";
    assertThat(Http.post(chat, FULL_KEY, request).statusCode()).isEqualTo(200);
    RecordedRequest upstream = fake().lastRequest();
    assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
    assertThat(upstream.header("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
    assertThat(upstream.bodyAsString())
        .isEqualTo(request.replace("\"chat\"", "\"" + UPSTREAM_MODEL + "\""));
    assertThat(upstream.headers().toString()).doesNotContain(FULL_KEY);
  }

  @Test
  void acceptsTheKeyInTheHeadersOtherSdksUse() {
    for (String header : new String[] {"x-api-key", "api-key"}) {
      HttpResponse<String> response =
          Http.send(
              java.net.http.HttpRequest.newBuilder(chat)
                  .header(header, FULL_KEY)
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                  .build());
      assertThat(response.statusCode()).as(header).isEqualTo(200);
    }
  }

  @Test
  void keepsACallersRequestId() {
    HttpResponse<String> response =
        Http.send(
            java.net.http.HttpRequest.newBuilder(chat)
                .header("authorization", "Bearer " + FULL_KEY)
                .header("x-request-id", "trace-abc-1")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
    assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-abc-1");
    assertThat(fake().lastRequest().header("x-request-id")).isEqualTo("trace-abc-1");
  }

  @Test
  void limitedKeysReachOnlyTheirModels() throws Exception {
    HttpResponse<String> allowed =
        Http.post(
            chat,
            LIMITED_KEY,
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(allowed.statusCode()).isEqualTo(200);
    HttpResponse<String> denied =
        Http.post(
            chat,
            LIMITED_KEY,
            "{\"model\":\"restricted-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json(denied).at("/error/code").asText()).isEqualTo("model_not_allowed");
    assertThat(fake().requestCount()).isEqualTo(1);
  }
}
