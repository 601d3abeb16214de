package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration files change under a running gateway: good changes serve, bad ones change nothing.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class HotReloadTest {

  /** The promise: a valid change serves within one second. */
  private static final Duration RELOAD_BOUND = Duration.ofSeconds(1);

  @TestHTTPResource("/v1")
  URI v1;

  // The management root (/q) is part of the injected URI.
  @TestHTTPResource(value = "/health/ready", management = true)
  URI ready;

  @TestHTTPResource(value = "/metrics", management = true)
  URI metrics;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
  }

  @AfterEach
  void restore() {
    GatewayTestEnvironment.delete("extra.yaml");
    GatewayTestEnvironment.delete("broken.yaml");
    GatewayTestEnvironment.writeBaseConfig();
    assertThat(within(Duration.ofSeconds(5), () -> modelStatus("chat", LIMITED_KEY) == 200))
        .as("base configuration restored")
        .isTrue();
  }

  private int modelStatus(String model, String key) {
    return Http.get(URI.create(v1 + "/models/" + model), key).statusCode();
  }

  private static boolean within(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    do {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    } while (System.nanoTime() < deadline);
    return condition.getAsBoolean();
  }

  private static String route(String name, String model, String baseUrl) {
    return """
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: %s}
        spec:
          model: %s
          backends:
            - name: primary
              provider: openai
              model: fake-upstream-model
              baseUrl: %s
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
        """
        .formatted(name, model, baseUrl);
  }

  @Test
  void aNewRouteFileServesWithinOneSecond() {
    assertThat(modelStatus("fresh", FULL_KEY)).isEqualTo(404);
    GatewayTestEnvironment.write("extra.yaml", route("fresh", "fresh", fake().baseUrl()));
    assertThat(within(RELOAD_BOUND, () -> modelStatus("fresh", FULL_KEY) == 200)).isTrue();
    HttpResponse<String> chat =
        Http.post(
            URI.create(v1 + "/chat/completions"),
            FULL_KEY,
            "{\"model\":\"fresh\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(chat.statusCode()).isEqualTo(200);
  }

  @Test
  void aRemovedKeyStopsWorkingWithinOneSecond() {
    assertThat(modelStatus("chat", LIMITED_KEY)).isEqualTo(200);
    GatewayTestEnvironment.write("keys.yaml", keysWithoutLimited());
    assertThat(within(RELOAD_BOUND, () -> modelStatus("chat", LIMITED_KEY) == 401)).isTrue();
    assertThat(modelStatus("chat", FULL_KEY)).isEqualTo(200);
  }

  private static String keysWithoutLimited() {
    String all = GatewayTestEnvironment.keysYaml();
    return all.substring(0, all.lastIndexOf("---"));
  }

  @Test
  void aBrokenFileKeepsTheLastGoodConfigurationAndSaysWhy() {
    GatewayTestEnvironment.write(
        "broken.yaml", route("broken", "broken", fake().baseUrl()).replace("openai", "antropic"));
    assertThat(
            within(
                Duration.ofSeconds(3),
                () -> Http.get(ready, null).body().contains("lastReloadErrors")))
        .isTrue();
    String readiness = Http.get(ready, null).body();
    assertThat(Http.get(ready, null).statusCode()).isEqualTo(200);
    assertThat(readiness).contains("broken.yaml").contains("ModelRoute default/broken");
    assertThat(readiness).contains("spec.backends[0].provider");
    assertThat(modelStatus("chat", FULL_KEY)).isEqualTo(200);
    assertThat(modelStatus("broken", FULL_KEY)).isEqualTo(404);
    String scrape = Http.get(metrics, null).body();
    assertThat(scrape).contains("tollgate_config_last_reload_success 0.0");
    assertThat(scrape)
        .containsPattern("tollgate_config_reloads_total\\{result=\"rejected\"} [1-9]");

    GatewayTestEnvironment.delete("broken.yaml");
    assertThat(
            within(
                Duration.ofSeconds(3),
                () ->
                    Http.get(metrics, null)
                        .body()
                        .contains("tollgate_config_last_reload_success 1.0")))
        .isTrue();
  }

  @Test
  void aStreamStartedOnTheOldConfigurationFinishesOnIt() throws Exception {
    fake().setStreamChunks(8);
    fake().setChunkInterval(Duration.ofMillis(150));
    CompletableFuture<HttpResponse<InputStream>> opened =
        Http.client()
            .sendAsync(
                HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
                    .header("authorization", "Bearer " + FULL_KEY)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"chat\",\"stream\":true,\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"x\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response = opened.get();
    assertThat(response.statusCode()).isEqualTo(200);

    // Point the route at a dead address while the stream runs.
    GatewayTestEnvironment.write(
        "routes.yaml", GatewayTestEnvironment.routesYaml("http://127.0.0.1:1/v1"));
    assertThat(
            within(
                Duration.ofSeconds(2),
                () ->
                    Http.post(
                                URI.create(v1 + "/chat/completions"),
                                FULL_KEY,
                                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                            .statusCode()
                        == 502))
        .isTrue();

    String last = null;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty()) {
          last = line;
        }
      }
    }
    assertThat(last).isEqualTo("data: [DONE]");
  }
}
