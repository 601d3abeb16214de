package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-sent event streams relayed chunk by chunk, with usage and cancellation. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class StreamingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    fake().clearRecorded();
  }

  private HttpResponse<InputStream> open(String body) throws Exception {
    return Http.client()
        .send(
            HttpRequest.newBuilder(chat)
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + FULL_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The data payloads of a whole stream, in order. */
  private List<String> events(String body) throws Exception {
    HttpResponse<InputStream> response = open(body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> data = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ")) {
          data.add(line.substring(6));
        }
      }
    }
    return data;
  }

  @Test
  void hidesTheUsageChunkFromClientsThatDidNotAskButAsksTheUpstreamForIt() throws Exception {
    fake().setStreamChunks(4);
    List<String> events =
        events(
            "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    for (String event : events.subList(0, events.size() - 1)) {
      assertThat(JSON.readTree(event).path("choices").size()).as(event).isEqualTo(1);
    }
    StringBuilder text = new StringBuilder();
    for (String event : events.subList(0, events.size() - 1)) {
      text.append(JSON.readTree(event).at("/choices/0/delta/content").asText(""));
    }
    assertThat(text.toString()).isEqualTo("Hello! You said: a b c");
    JsonNode upstreamBody = fake().lastRequest().json();
    assertThat(upstreamBody.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void passesTheUsageChunkToClientsThatAsked() throws Exception {
    List<String> events =
        events(
            "{\"model\":\"chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    JsonNode usageChunk = JSON.readTree(events.get(events.size() - 2));
    assertThat(usageChunk.path("choices").size()).isZero();
    assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isPositive();
  }

  @Test
  void forwardsChunksAsTheyCome() throws Exception {
    fake().setStreamChunks(5);
    fake().setChunkInterval(Duration.ofMillis(300));
    HttpResponse<InputStream> response =
        open(
            "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    long firstChunkAt = 0;
    long doneAt = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ") && firstChunkAt == 0) {
          firstChunkAt = System.nanoTime();
        }
        if (line.equals("data: [DONE]")) {
          doneAt = System.nanoTime();
        }
      }
    }
    // The upstream spaces its chunks ~1.2 s apart in all; a buffering proxy would deliver them at
    // once.
    assertThat(Duration.ofNanos(doneAt - firstChunkAt)).isGreaterThan(Duration.ofMillis(600));
  }

  @Test
  void aClientThatDisconnectsCancelsTheUpstreamStream() throws Exception {
    fake().setStreamChunks(50);
    fake().setChunkInterval(Duration.ofMillis(100));
    HttpResponse<InputStream> response =
        open(
            "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    InputStream body = response.body();
    assertThat(body.read()).isNotEqualTo(-1);
    body.close();
    assertThat(fake().awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aStreamThatBreaksOffEndsWithAnErrorEvent() throws Exception {
    fake().setStreamChunks(6);
    fake().dropNext(1, 2);
    List<String> events =
        events(
            "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    JsonNode last = JSON.readTree(events.get(events.size() - 1));
    assertThat(last.at("/error/code").asText()).isEqualTo("upstream_stream_broken");
  }
}
