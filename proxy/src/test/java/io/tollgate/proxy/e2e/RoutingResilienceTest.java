package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.fakes.FakeOpenAi;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, failover, cooldown, timeouts, fallbacks and rules through the real HTTP stack, against
 * two fake upstreams, A and B. Each test has a route of its own, so backend state never leaks
 * between tests.
 */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class RoutingResilienceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEAD = "http://127.0.0.1:1/v1";
  private static FakeOpenAi a;
  private static FakeOpenAi b;

  @TestHTTPResource("/v1")
  URI v1;

  @TestHTTPResource(value = "/tollgate/backends", management = true)
  URI backendStatus;

  @TestHTTPResource(value = "/metrics", management = true)
  URI metrics;

  @BeforeAll
  static void startUpstreams() {
    a = FakeOpenAi.start();
    b = FakeOpenAi.start();
  }

  @AfterAll
  static void stopUpstreams() {
    GatewayTestEnvironment.delete("routing.yaml");
    a.close();
    b.close();
  }

  @BeforeEach
  void reset() throws Exception {
    a.reset();
    b.reset();
    GatewayTestEnvironment.serve(v1, "regional", "routing.yaml", RoutingResilienceTest::routes);
  }

  private static String backend(String name, String url, int priority) {
    return "    - {name: %s, provider: openai-compatible, model: up, baseUrl: \"%s\", priority: %d}\n"
        .formatted(name, url, priority);
  }

  private static String route(String model, String extra, String backends) {
    return """
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: %s}
        spec:
          strategy: priority
        %s  backends:
        %s"""
        .formatted(model, extra, backends);
  }

  private static String routes() {
    String ab = backend("a", a.baseUrl(), 0) + backend("b", b.baseUrl(), 1);
    return route("failover-5xx", "", ab)
        + route("failover-refused", "", backend("dead", DEAD, 0) + backend("b", b.baseUrl(), 1))
        + route("cooldown", "", ab)
        + route("ttft", "  timeouts: {firstToken: 300ms}\n", ab)
        + route("midstream", "", ab)
        + route("fallback-source", "  fallbacks: [fallback-target]\n", backend("dead", DEAD, 0))
        + route("fallback-target", "", backend("b", b.baseUrl(), 0))
        + route(
            "context", "  contextWindowFallbacks: [long-context]\n", backend("a", a.baseUrl(), 0))
        + route("long-context", "", backend("b", b.baseUrl(), 0))
        + route(
            "regional",
            "  rules:\n"
                + "    - {name: eu-users, match: {headers: {x-user-region: \"eu-*\"}}, backends: [eu]}\n",
            backend("us", a.baseUrl(), 0) + backend("eu", b.baseUrl(), 1))
        + route("sdk-failover", "", ab)
        + route("deadline", "  timeouts: {request: 500ms}\n", backend("a", a.baseUrl(), 0))
        + route(
            "patient", "  retry: {attempts: 2, maxRetryAfter: 5s}\n", backend("a", a.baseUrl(), 0))
        + route("idle", "  timeouts: {idle: 300ms}\n", ab)
        + route(
            "retry-same",
            "  retry: {attempts: 3, initialBackoff: 10ms, maxBackoff: 20ms}\n",
            backend("a", a.baseUrl(), 0));
  }

  private HttpResponse<String> chat(String model) {
    return Http.post(URI.create(v1 + "/chat/completions"), FULL_KEY, body(model, false));
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        .formatted(model, stream);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void aServerErrorFailsOverToTheNextBackend() {
    a.failNext(1, 500, null, null);
    HttpResponse<String> response = chat("failover-5xx");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("b");
    assertThat(header(response, "x-tollgate-attempts")).isEqualTo("2");
    assertThat(a.requestCount()).isEqualTo(1);
    assertThat(b.requestCount()).isEqualTo(1);
    String scrape = Http.get(metrics, null).body();
    assertThat(scrape)
        .containsPattern(
            "tollgate_upstream_attempts_total\\{backend=\"a\",model=\"failover-5xx\","
                + "outcome=\"server_error\"} [1-9]")
        .containsPattern(
            "tollgate_upstream_attempts_total\\{backend=\"b\",model=\"failover-5xx\","
                + "outcome=\"ok\"} [1-9]");
  }

  @Test
  void withoutARetryBlockARefusedConnectionIsRetriedOnceOnAnotherBackend() {
    HttpResponse<String> response = chat("failover-refused");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("b");
    assertThat(header(response, "x-tollgate-attempts")).isEqualTo("2");
  }

  @Test
  void aRateLimitedBackendRestsAndIsSkipped() throws Exception {
    a.failNext(1, 429, null, 30);
    assertThat(header(chat("cooldown"), "x-tollgate-backend")).isEqualTo("b");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> next = chat("cooldown");
      assertThat(header(next, "x-tollgate-backend")).isEqualTo("b");
      assertThat(header(next, "x-tollgate-attempts")).isEqualTo("1");
    }
    assertThat(a.requestCount()).isEqualTo(1);
    JsonNode status = JSON.readTree(Http.get(backendStatus, null).body());
    JsonNode backendA = null;
    for (JsonNode route : status.path("routes")) {
      if (route.path("model").asText().equals("cooldown")) {
        backendA = route.path("backends").get(0);
      }
    }
    assertThat(backendA.path("health").asText()).isEqualTo("COOLING_DOWN");
    assertThat(backendA.path("lastFailure").asText()).isEqualTo("rate_limited");
    assertThat(backendA.path("cooldownRemainingMillis").asLong()).isGreaterThan(20_000);
    assertThat(Http.get(metrics, null).body())
        .contains("tollgate_backend_health{backend=\"a\",route=\"default/cooldown\"} 1.0");
  }

  @Test
  void aStreamWithoutAFirstTokenInTimeIsCancelledAndRetriedElsewhere() throws Exception {
    a.stallNext(1);
    HttpResponse<String> response =
        Http.post(URI.create(v1 + "/chat/completions"), FULL_KEY, body("ttft", true));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("b");
    assertThat(response.body()).contains("data: [DONE]");
    assertThat(a.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aStreamIsNeverRetriedOnceItsFirstByteReachedTheClient() throws Exception {
    a.setStreamChunks(6);
    a.dropNext(1, 2);
    HttpResponse<InputStream> response =
        Http.client()
            .send(
                HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
                    .header("authorization", "Bearer " + FULL_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body("midstream", true)))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    }
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lines.get(lines.size() - 1)).contains("upstream_stream_broken");
    assertThat(b.requestCount()).isZero();
  }

  @Test
  void aFailedRouteFallsBackToAnotherRoute() {
    HttpResponse<String> response = chat("fallback-source");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-model")).isEqualTo("fallback-target");
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("b");
  }

  @Test
  void anOverlongPromptFallsBackToTheContextWindowRoute() {
    a.failNext(
        1,
        400,
        "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\","
            + "\"type\":\"invalid_request_error\",\"param\":\"messages\","
            + "\"code\":\"context_length_exceeded\"}}",
        null);
    HttpResponse<String> response = chat("context");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-model")).isEqualTo("long-context");
    assertThat(b.requestCount()).isEqualTo(1);
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    a.failNext(1, 400, "{\"error\":{\"message\":\"bad temperature\",\"code\":null}}", null);
    HttpResponse<String> response = chat("failover-5xx");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(b.requestCount()).isZero();
  }

  @Test
  void rulesRouteByRequestHeaders() {
    HttpResponse<String> eu =
        Http.send(
            HttpRequest.newBuilder(URI.create(v1 + "/chat/completions"))
                .header("authorization", "Bearer " + FULL_KEY)
                .header("x-user-region", "eu-west-1")
                .POST(HttpRequest.BodyPublishers.ofString(body("regional", false)))
                .build());
    assertThat(header(eu, "x-tollgate-backend")).isEqualTo("eu");
    assertThat(header(chat("regional"), "x-tollgate-backend")).isEqualTo("us");
  }

  @Test
  void theOpenAiSdkSeesOnlyTheSuccessfulFailover() {
    a.failNext(1, 503, null, null);
    OpenAIClient client =
        OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(FULL_KEY).maxRetries(0).build();
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sdk-failover")
                    .addUserMessage("hello")
                    .build());
    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! You said: hello");
    assertThat(a.requestCount()).isEqualTo(1);
    assertThat(b.requestCount()).isEqualTo(1);
  }

  @Test
  void theWholeRequestTimeoutCancelsTheUpstreamCall() throws Exception {
    a.setResponseDelay(Duration.ofSeconds(3));
    HttpResponse<String> response = chat("deadline");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(JSON.readTree(response.body()).at("/error/code").asText())
        .isEqualTo("request_timeout");
    assertThat(a.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void anExplicitRetryPolicyRetriesTheSameBackendWithBackoff() {
    a.failNext(2, 500, null, null);
    HttpResponse<String> response = chat("retry-same");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-attempts")).isEqualTo("3");
    assertThat(a.requestCount()).isEqualTo(3);
  }

  @Test
  void aLoneBackendThatAsksForPatienceIsWaitedForAndRetried() {
    a.failNext(1, 429, null, 1);
    long start = System.nanoTime();
    HttpResponse<String> response = chat("patient");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-attempts")).isEqualTo("2");
    // The provider asked for one second; retrying sooner would ignore it.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anAttemptWithoutAResponseInItsIdleTimeIsCancelledAndRetriedElsewhere() throws Exception {
    a.stallNext(1);
    HttpResponse<String> response = chat("idle");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("b");
    assertThat(header(response, "x-tollgate-attempts")).isEqualTo("2");
    assertThat(a.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aStreamThatFallsSilentMidwayEndsWithAnErrorEvent() throws Exception {
    a.setStreamChunks(4);
    a.setChunkInterval(Duration.ofMillis(1_500));
    HttpResponse<String> response =
        Http.post(URI.create(v1 + "/chat/completions"), FULL_KEY, body("idle", true));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "x-tollgate-backend")).isEqualTo("a");
    assertThat(response.body()).contains("upstream_timeout").doesNotContain("[DONE]");
    assertThat(b.requestCount()).isZero();
  }

  @Test
  void aStreamPausedForASlowClientIsNotTakenForASilentUpstream() throws Exception {
    a.setStreamChunks(256);
    a.setFixedReply(BIG_REPLY);
    AccessLines log = AccessLines.capture();
    try (Socket socket = streamWithoutReading("idle", "slow-reader")) {
      // Longer than the route's idle limit (300 ms), shorter than the client's (3 s in tests).
      Thread.sleep(1_000);
      String stream = readChunkedBody(new DataInputStream(socket.getInputStream()));
      assertThat(stream).doesNotContain("upstream_timeout").endsWith("data: [DONE]\n\n");
    }
    JsonNode line = log.lineFor("slow-reader");
    assertThat(line.path("status").asInt()).isEqualTo(200);
    assertThat(line.has("error")).isFalse();
  }

  @Test
  void aClientThatStopsReadingIsCutOffAndTheUpstreamCallCancelled() throws Exception {
    // Paced over ~9 s, so the provider is still sending when the client's 3 s are up.
    a.setStreamChunks(600);
    a.setChunkInterval(Duration.ofMillis(15));
    a.setFixedReply(BIG_REPLY);
    AccessLines log = AccessLines.capture();
    try (Socket socket = streamWithoutReading("idle", "stuck-reader")) {
      assertThat(a.awaitAbandoned(1, Duration.ofSeconds(15))).isTrue();
      JsonNode line = log.lineFor("stuck-reader");
      assertThat(line.path("status").asInt()).isEqualTo(499);
      assertThat(line.path("error").asText()).isEqualTo("client_stalled");
      assertThat(line.path("backend").asText()).isEqualTo("a");
      // The connection ends (closed or reset) before the stream was complete.
      String received = readUntilClosed(socket);
      assertThat(received).startsWith("HTTP/1.1 200").doesNotContain("[DONE]");
    }
    assertThat(b.requestCount()).isZero();
  }

  // Far more than the sockets between the gateway and a client that stops reading can hold, so
  // the gateway must pause reading from the upstream.
  private static final String BIG_REPLY = "x".repeat(16 << 20);

  /** Starts a stream on a socket with a small receive buffer, and reads nothing of it. */
  private Socket streamWithoutReading(String model, String requestId) throws Exception {
    String body = body(model, true);
    Socket socket = new Socket();
    socket.setReceiveBufferSize(64 << 10);
    socket.connect(new InetSocketAddress(v1.getHost(), v1.getPort()));
    socket
        .getOutputStream()
        .write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n"
                    + "Authorization: Bearer "
                    + FULL_KEY
                    + "\r\nx-request-id: "
                    + requestId
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** What arrives on the socket until the peer closes or resets the connection. */
  private static String readUntilClosed(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    try {
      for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // A reset ends the connection as well as a close does.
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** The body of an HTTP/1.1 response with chunked transfer encoding, read to its end. */
  private static String readChunkedBody(DataInputStream in) throws Exception {
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      assertThat(line).doesNotStartWith("HTTP/1.1 5");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size; (size = Integer.parseInt(readLine(in).trim(), 16)) > 0; readLine(in)) {
      body.write(in.readNBytes(size));
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(DataInputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new EOFException("the response ended early: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
