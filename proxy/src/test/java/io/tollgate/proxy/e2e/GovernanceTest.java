package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits, budgets and spend in standalone mode (counters in the proxy's memory), over HTTP: the
 * refusals clients see, the headers that warn them first, the cost of each answer, and alerts.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class GovernanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RPM_KEY = "tg-gov-rpm-0123456789";
  private static final String BUDGET_KEY = "tg-gov-budget-0123456789";
  private static final String PARALLEL_KEY = "tg-gov-parallel-0123456789";
  private static final String USER_KEY = "tg-gov-user-0123456789";
  private static final String ALERT_KEY = "tg-gov-alert-0123456789";

  /** A dollar per thousand tokens: small requests cost readable amounts. */
  private static final BigDecimal USD_PER_TOKEN = new BigDecimal("0.001");

  private static HttpServer webhook;
  private static final List<JsonNode> alerts = new CopyOnWriteArrayList<>();

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeAll
  static void startWebhook() throws Exception {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/hook",
        exchange -> {
          alerts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    webhook.start();
  }

  @AfterAll
  static void stop() {
    GatewayTestEnvironment.delete("governance.yaml");
    webhook.stop(0);
  }

  @BeforeEach
  void serve() {
    fake().reset();
    fake().setExpectedApiKey(GatewayTestEnvironment.UPSTREAM_KEY);
    GatewayTestEnvironment.serve(v1, "gov-chat", "governance.yaml", GovernanceTest::manifests);
  }

  @Test
  void requestsPerMinuteAreCountedAndTheNextIsRefusedWithRetryAfter() {
    awayFromMinuteBoundary();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(chat(RPM_KEY, null));
    }
    assertThat(answers.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(answers.get(0).headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
    assertThat(answers.get(0).headers().firstValue("x-ratelimit-remaining-requests")).hasValue("2");
    assertThat(answers.get(2).headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    assertThat(answers.get(2).headers().firstValue("x-ratelimit-reset-requests")).isPresent();

    HttpResponse<String> refused = answers.get(3);
    assertThat(refused.statusCode()).isEqualTo(429);
    JsonNode error = body(refused).path("error");
    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.path("message").asText())
        .contains("api-key/default/gov-rpm")
        .contains("3 requests per minute");
    long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
  }

  @Test
  void everyAnswerIsPricedAndAHardBudgetStopsTheKeyOnceSpent() {
    BigDecimal spent = BigDecimal.ZERO;
    BigDecimal limit = new BigDecimal("0.2");
    HttpResponse<String> last = null;
    BigDecimal lastCost = BigDecimal.ZERO;
    for (int i = 0; i < 100; i++) {
      last = chat(BUDGET_KEY, null);
      if (last.statusCode() != 200) {
        break;
      }
      JsonNode usage = body(last).path("usage");
      BigDecimal expected =
          USD_PER_TOKEN.multiply(
              BigDecimal.valueOf(
                  usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong()));
      lastCost = new BigDecimal(last.headers().firstValue("x-tollgate-cost-usd").orElseThrow());
      assertThat(lastCost).isEqualByComparingTo(expected);
      spent = spent.add(lastCost);
    }
    assertThat(last.statusCode()).isEqualTo(429);
    JsonNode error = body(last).path("error");
    assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
    assertThat(error.path("message").asText()).contains("api-key/default/gov-budget");
    assertThat(last.headers().firstValue("retry-after")).isPresent();
    // The request that crossed the limit was the last one let through.
    assertThat(spent).isGreaterThanOrEqualTo(limit);
    assertThat(spent.subtract(lastCost)).isLessThan(limit);
  }

  @Test
  void aStreamReportsItsCostInTheFinalUsage() {
    HttpResponse<String> answer =
        Http.post(
            URI.create(v1 + "/chat/completions"),
            GatewayTestEnvironment.FULL_KEY,
            "{\"model\":\"gov-chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"price my stream\"}]}");
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode usage =
        answer
            .body()
            .lines()
            .filter(line -> line.startsWith("data: {") && line.contains("\"usage\":{"))
            .map(line -> body(line.substring(6)).path("usage"))
            .findFirst()
            .orElseThrow();
    BigDecimal tokens =
        BigDecimal.valueOf(
            usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
    assertThat(usage.path("cost").decimalValue())
        .isEqualByComparingTo(USD_PER_TOKEN.multiply(tokens));
  }

  @Test
  void parallelRequestsBeyondTheLimitAreRefusedWhileOthersRun() throws Exception {
    fake().setResponseDelay(Duration.ofMillis(800));
    CompletableFuture<HttpResponse<String>> slow =
        Http.client().sendAsync(request(PARALLEL_KEY, null), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300);
    HttpResponse<String> second = chat(PARALLEL_KEY, null);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(body(second).path("error").path("message").asText()).contains("at most 1 at once");
    assertThat(slow.get().statusCode()).isEqualTo(200);
    fake().setResponseDelay(Duration.ZERO);
    // The slot is free again once the first has finished.
    assertThat(chat(PARALLEL_KEY, null).statusCode()).isEqualTo(200);
  }

  @Test
  void perUserLimitsCountEachEndUserApart() {
    awayFromMinuteBoundary();
    assertThat(chat(USER_KEY, "ann").statusCode()).isEqualTo(200);
    assertThat(chat(USER_KEY, "ann").statusCode()).isEqualTo(200);
    HttpResponse<String> third = chat(USER_KEY, "ann");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(body(third).path("error").path("message").asText())
        .contains("api-key/default/gov-user/user/ann");
    assertThat(chat(USER_KEY, "bob").statusCode()).isEqualTo(200);
  }

  @Test
  void aSoftTeamBudgetAlertsOncePerThresholdAndKeepsServing() throws Exception {
    alerts.clear();
    BigDecimal spent = BigDecimal.ZERO;
    // Past the limit: a soft budget keeps serving.
    for (int i = 0; i < 500 && spent.compareTo(new BigDecimal("0.5")) < 0; i++) {
      HttpResponse<String> answer = chat(ALERT_KEY, null);
      assertThat(answer.statusCode()).isEqualTo(200);
      spent = spent.add(new BigDecimal(answer.headers().firstValue("x-tollgate-cost-usd").get()));
    }
    assertThat(spent).isGreaterThanOrEqualTo(new BigDecimal("0.5"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (alerts.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    assertThat(alerts).hasSize(2);
    assertThat(alerts)
        .extracting(a -> a.path("threshold_percent").asInt())
        .containsExactlyInAnyOrder(50, 100);
    assertThat(alerts.get(0).path("text").asText())
        .contains("team-budget/default/gov-alerts")
        .contains("crossed");
    assertThat(alerts.get(0).path("budget").asText()).isEqualTo("team-budget/default/gov-alerts");
  }

  private HttpResponse<String> chat(String key, String user) {
    return Http.send(request(key, user));
  }

  private HttpRequest request(String key, String user) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gov-chat\",\"max_tokens\":50,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"count my tokens\"}]}",
                    StandardCharsets.UTF_8));
    if (user != null) {
      builder.header("x-tollgate-user", user);
    }
    return builder.build();
  }

  private static JsonNode body(HttpResponse<String> response) {
    return body(response.body());
  }

  private static JsonNode body(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * Rate windows are calendar minutes: a test that counts within one waits out the last seconds of
   * a minute rather than straddle two.
   */
  private static void awayFromMinuteBoundary() {
    int second = LocalTime.now(java.time.ZoneOffset.UTC).getSecond();
    if (second >= 55) {
      try {
        Thread.sleep((61 - second) * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String manifests() {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: gov-chat}
        spec:
          backends:
            - name: priced
              provider: openai
              model: fake-upstream-model
              baseUrl: %s
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
              pricing: {inputPerMillionUsd: 1000, outputPerMillionUsd: 1000, cachedInputPerMillionUsd: 1000}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: gov-alert-webhook}
        stringData: {url: "http://127.0.0.1:%d/hook"}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: TeamBudget
        metadata: {name: gov-alerts}
        spec:
          team: gov-alerts
          limitUsd: 0.4
          period: monthly
          alertThresholds: [50, 100]
          enforcement: soft
          alertWebhookSecretRef: {name: gov-alert-webhook, key: url}
        """
            .formatted(fake().baseUrl(), webhook.getAddress().getPort()));
    key(yaml, "gov-rpm", RPM_KEY, null, "limits: {requestsPerMinute: 3}");
    key(yaml, "gov-budget", BUDGET_KEY, null, "budget: {limitUsd: 0.2, period: daily}");
    key(yaml, "gov-parallel", PARALLEL_KEY, null, "limits: {maxParallelRequests: 1}");
    key(yaml, "gov-user", USER_KEY, null, "perUser: {limits: {requestsPerMinute: 2}}");
    key(yaml, "gov-alert", ALERT_KEY, "gov-alerts", null);
    return yaml.toString();
  }

  private static void key(
      StringBuilder yaml, String name, String value, String team, String governance) {
    yaml.append(
        """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: %1$s-key}
        stringData: {key: %2$s}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ApiKey
        metadata: {name: %1$s}
        spec:
          models: ["gov-chat"]
          secretRef: {name: %1$s-key}
        """
            .formatted(name, value));
    if (team != null) {
      yaml.append("  team: ").append(team).append('\n');
    }
    if (governance != null) {
      yaml.append("  ").append(governance).append('\n');
    }
  }
}
