package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What operators see of a request: the access-log line, metrics and readiness. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class ObservabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  @TestHTTPResource(value = "/metrics", management = true)
  URI metrics;

  @TestHTTPResource(value = "/health/ready", management = true)
  URI ready;

  private AccessLines accessLog;

  @BeforeEach
  void listen() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
    accessLog = AccessLines.capture();
  }

  @Test
  void everyRequestWritesOneAccessLogLineWithoutTheKey() throws Exception {
    HttpResponse<String> response =
        Http.post(
            chat,
            LIMITED_KEY,
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"log me\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    String requestId = response.headers().firstValue("x-request-id").orElseThrow();
    JsonNode line = accessLog.lineFor(requestId);
    assertThat(line.path("key").asText()).isEqualTo("default/limited");
    assertThat(line.path("team").asText()).isEqualTo("search");
    assertThat(line.path("model").asText()).isEqualTo("chat");
    assertThat(line.path("backend").asText()).isEqualTo("primary");
    assertThat(line.path("attempts").asInt()).isEqualTo(1);
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.path("prompt_tokens").asInt()).isPositive();
    assertThat(line.path("completion_tokens").asInt()).isPositive();
    assertThat(line.path("latency_ms").asDouble()).isPositive();
    assertThat(line.path("upstream_ms").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(line.path("latency_ms").asDouble());
    assertThat(java.time.Instant.parse(line.path("time").asText()))
        .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    assertThat(accessLog.lines()).noneMatch(l -> l.contains(LIMITED_KEY));
    assertThat(accessLog.lines().stream().filter(l -> l.contains(requestId))).hasSize(1);
  }

  @Test
  void refusedRequestsAreLoggedWithTheirErrorCode() throws Exception {
    HttpResponse<String> response = Http.post(chat, "tg-unknown", "{\"model\":\"chat\"}");
    JsonNode line = accessLog.lineFor(response.headers().firstValue("x-request-id").orElseThrow());
    assertThat(line.path("status").asInt()).isEqualTo(401);
    assertThat(line.path("error").asText()).isEqualTo("invalid_api_key");
    assertThat(line.has("key")).isFalse();
  }

  @Test
  void metricsCountRequestsLatencyAndTokensByModelAndBackend() {
    Http.post(
        chat,
        LIMITED_KEY,
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
    Http.post(chat, LIMITED_KEY, "{\"model\":\"made-up-model\",\"messages\":[]}");
    String scrape = scrapeOnceItCounts("model=\"none\",operation=\"chat\",status=\"404\"");
    assertThat(scrape)
        .containsPattern(
            "tollgate_requests_total\\{backend=\"primary\",model=\"chat\",operation=\"chat\","
                + "status=\"200\"} [1-9]");
    assertThat(scrape)
        .containsPattern(
            "tollgate_request_duration_seconds_count\\{backend=\"primary\",model=\"chat\","
                + "operation=\"chat\",status=\"200\"} [1-9]");
    assertThat(scrape)
        .containsPattern(
            "tollgate_tokens_total\\{backend=\"primary\",model=\"chat\",type=\"completion\"} [1-9]");
    assertThat(scrape).contains("model=\"none\",operation=\"chat\",status=\"404\"");
    assertThat(scrape).doesNotContain("made-up-model");
    assertThat(scrape).contains("tollgate_access_log_dropped_lines_total 0.0");
  }

  /** Metrics are recorded just after the response ends: scrape until the last one shows. */
  private String scrapeOnceItCounts(String series) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    String scrape = Http.get(metrics, null).body();
    while (!scrape.contains(series) && System.nanoTime() < deadline) {
      scrape = Http.get(metrics, null).body();
    }
    return scrape;
  }

  @Test
  void readinessNamesTheServingSnapshot() throws Exception {
    HttpResponse<String> response = Http.get(ready, null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode data = JSON.readTree(response.body()).at("/checks/0/data");
    assertThat(data.path("checksum").asText()).hasSize(64);
    assertThat(data.path("version").asLong()).isPositive();
    // At least the three base routes; other suites add their own to the shared gateway.
    assertThat(data.path("models").asInt()).isGreaterThanOrEqualTo(3);
  }
}
