package io.tollgate.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.fakes.FakeOpenAi;
import io.tollgate.governance.RedisServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three gateway processes sharing one Redis, as three replicas would: limits and budgets hold
 * across all of them, and losing Redis degrades each limit by its policy without hanging anyone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedLimitsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RPM_KEY = "tg-shared-rpm-0123456789";
  private static final String BUDGET_KEY = "tg-shared-budget-0123456789";
  private static final String OPEN_KEY = "tg-shared-open-0123456789";
  private static final String CLOSED_KEY = "tg-shared-closed-0123456789";
  private static final int REQUESTS_PER_MINUTE = 30;
  private static final BigDecimal BUDGET_USD = new BigDecimal("1");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static RedisServer redis;
  private static FakeOpenAi upstream;
  private static final List<ProxyProcess> proxies = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    upstream = FakeOpenAi.start();
    Path config = Files.createTempDirectory("tollgate-shared");
    Files.writeString(config.resolve("gateway.yaml"), manifests(upstream.baseUrl()));
    Map<String, String> settings =
        Map.of(
            "tollgate.config",
            config.toString(),
            "tollgate.redis.url",
            "redis://127.0.0.1:" + redis.port(),
            // Generous: three cold gateways and the load share two cores here, and a timeout would
            // (correctly) fall back to per-proxy counters, which is not what these tests measure.
            "tollgate.redis.timeout",
            "5s");
    for (int i = 0; i < 3; i++) {
      proxies.add(ProxyProcess.start("shared-" + i, settings));
    }
    for (ProxyProcess proxy : proxies) {
      proxy.awaitReady(Duration.ofSeconds(90));
    }
    // Warm each gateway's request path (and its Redis connections) before counting anything.
    for (int i = 0; i < 60; i++) {
      assertThat(send(proxies.get(i % 3), OPEN_KEY).get().statusCode()).isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (ProxyProcess proxy : proxies) {
      proxy.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @Order(1)
  void requestsPerMinuteAreExactAcrossReplicas() throws Exception {
    awayFromMinuteBoundary();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_MINUTE * 3; i++) {
      answers.add(send(proxies.get(i % 3), RPM_KEY));
    }
    long ok = 0;
    long refused = 0;
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      int status = answer.get().statusCode();
      if (status == 200) {
        ok++;
      } else if (status == 429) {
        refused++;
      }
    }
    assertThat(ok).isEqualTo(REQUESTS_PER_MINUTE);
    assertThat(refused).isEqualTo(REQUESTS_PER_MINUTE * 2L);
  }

  @Test
  @Order(2)
  void aBurstOverspendsTheSharedBudgetByAtMostOneRequest() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(send(proxies.get(i % 3), BUDGET_KEY));
    }
    BigDecimal spent = BigDecimal.ZERO;
    BigDecimal dearest = BigDecimal.ZERO;
    int ok = 0;
    int overBudget = 0;
    for (CompletableFuture<HttpResponse<String>> future : answers) {
      HttpResponse<String> answer = future.get();
      if (answer.statusCode() == 200) {
        ok++;
        BigDecimal cost =
            new BigDecimal(answer.headers().firstValue("x-tollgate-cost-usd").orElseThrow());
        spent = spent.add(cost);
        dearest = dearest.max(cost);
      } else {
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(answer.body()).path("error").path("code").asText())
            .isEqualTo("budget_exceeded");
        overBudget++;
      }
    }
    assertThat(ok).isPositive();
    assertThat(overBudget).isPositive();
    // Refusals during the burst are due to reservations still outstanding, not leaked: one by one,
    // requests are admitted again until settled spend reaches the limit.
    // A proxy settles a request just after answering it, so a refusal right after an answer may
    // still be that request's reservation: only a refusal that lasts means the budget is spent.
    int refusedInARow = 0;
    for (int i = 0; i < 500 && refusedInARow < 10; i++) {
      HttpResponse<String> answer = send(proxies.get(i % 3), BUDGET_KEY).get();
      if (answer.statusCode() != 200) {
        assertThat(answer.statusCode()).isEqualTo(429);
        refusedInARow++;
        Thread.sleep(50);
        continue;
      }
      refusedInARow = 0;
      BigDecimal cost =
          new BigDecimal(answer.headers().firstValue("x-tollgate-cost-usd").orElseThrow());
      spent = spent.add(cost);
      dearest = dearest.max(cost);
    }
    assertThat(spent).isGreaterThanOrEqualTo(BUDGET_USD);
    assertThat(spent).isLessThanOrEqualTo(BUDGET_USD.add(dearest));
  }

  @Test
  @Order(3)
  void withoutRedisEachLimitFollowsItsPolicyAndRecoversWhenRedisIsBack() throws Exception {
    redis.stop();
    try {
      for (ProxyProcess proxy : proxies) {
        long started = System.nanoTime();
        HttpResponse<String> closed = send(proxy, CLOSED_KEY).get();
        HttpResponse<String> open = send(proxy, OPEN_KEY).get();
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(closed.body()).path("error").path("code").asText())
            .isEqualTo("limits_unavailable");
        assertThat(open.statusCode()).isEqualTo(200);
        // Bounded, not hung: the client's own 20 s timeout would have fired otherwise.
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(15));
      }
    } finally {
      redis.startAgain();
    }
    for (ProxyProcess proxy : proxies) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int status = 0;
      while (System.nanoTime() < deadline
          && (status = send(proxy, CLOSED_KEY).get().statusCode()) != 200) {
        Thread.sleep(200);
      }
      assertThat(status).as("fail-closed key served again after Redis came back").isEqualTo(200);
    }
  }

  private static CompletableFuture<HttpResponse<String>> send(ProxyProcess proxy, String key) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(proxy.v1() + "/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .header("authorization", "Bearer " + key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"shared-chat\",\"max_tokens\":40,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                    StandardCharsets.UTF_8))
            .build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void awayFromMinuteBoundary() throws InterruptedException {
    int second = LocalTime.now(ZoneOffset.UTC).getSecond();
    if (second >= 45) {
      Thread.sleep((61 - second) * 1000L);
    }
  }

  private static String manifests(String upstreamUrl) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: upstream}
        stringData: {apiKey: sk-any}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: shared-chat}
        spec:
          backends:
            - name: fake
              provider: openai
              model: fake-upstream-model
              baseUrl: %s
              credentialsSecretRef: {name: upstream, key: apiKey}
              pricing: {inputPerMillionUsd: 1000, outputPerMillionUsd: 1000}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: TeamBudget
        metadata: {name: shared}
        spec: {team: shared, limitUsd: %s, period: monthly, enforcement: hard}
        """
            .formatted(upstreamUrl, BUDGET_USD.toPlainString()));
    key(yaml, "rpm", RPM_KEY, "limits: {requestsPerMinute: " + REQUESTS_PER_MINUTE + "}");
    key(yaml, "budget", BUDGET_KEY, "team: shared");
    key(yaml, "open", OPEN_KEY, "limits: {requestsPerMinute: 100000, onStoreFailure: fail-open}");
    key(
        yaml,
        "closed",
        CLOSED_KEY,
        "limits: {requestsPerMinute: 100000, onStoreFailure: fail-closed}");
    return yaml.toString();
  }

  private static void key(StringBuilder yaml, String name, String value, String extra) {
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
          models: ["shared-chat"]
          secretRef: {name: %1$s-key}
          %3$s
        """
            .formatted(name, value, extra));
  }
}
