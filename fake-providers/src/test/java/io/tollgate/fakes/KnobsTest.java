package io.tollgate.fakes;

import static io.tollgate.fakes.FakeClient.chatBody;
import static io.tollgate.fakes.FakeClient.json;
import static io.tollgate.fakes.FakeClient.sseChunks;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnobsTest {

  static FakeOpenAi fake;
  static FakeClient client;

  @BeforeAll
  static void start() {
    fake = FakeOpenAi.start(FakeOpenAi.Options.defaults().withEventLoops(2));
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

  @Test
  void failNextQueuesErrorsWithRetryAfterThenRecovers() {
    fake.failNext(2, 429, null, 7);
    fake.failNext(
        1,
        500,
        "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
            + "\"param\":null,\"code\":null}}",
        null);

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> limited = client.post("/chat/completions", chatBody(false, "x"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
      assertThat(ErrorsAndAuthTest.assertOpenAiError(limited.body()).get("code").asText())
          .isEqualTo("rate_limit_exceeded");
    }
    HttpResponse<String> custom = client.post("/chat/completions", chatBody(false, "x"));
    assertThat(custom.statusCode()).isEqualTo(500);
    assertThat(custom.headers().firstValue("retry-after")).isEmpty();
    assertThat(json(custom.body()).at("/error/message").asText()).isEqualTo("boom");

    assertThat(client.post("/chat/completions", chatBody(false, "x")).statusCode()).isEqualTo(200);
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void responseDelayHoldsTheHeaders() {
    fake.setResponseDelay(Duration.ofMillis(200));
    long start = System.nanoTime();
    assertThat(client.post("/chat/completions", chatBody(false, "x")).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void chunkIntervalPacesTheStream() {
    fake.setStreamChunks(3);
    fake.setChunkInterval(Duration.ofMillis(40));
    long start = System.nanoTime();
    String body = client.post("/chat/completions", chatBody(true, "a b c")).body();
    // 6 events (role, 3 contents, finish, [DONE]) → 5 pauses.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(ChatCompletionsTest.content(sseChunks(body))).isEqualTo("Hello! You said: a b c");
  }

  @Test
  void stalledRequestIsRecordedAndCountedAbandonedWhenClientLeaves() throws Exception {
    fake.stallNext(1);
    try (Socket socket = client.rawChat(chatBody(false, "stall me"))) {
      waitFor(() -> fake.requestCount() == 1);
      assertThat(fake.abandonedCount()).isZero();
    }
    assertThat(fake.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
    assertThat(fake.lastRequest().json().at("/messages/1/content").asText()).isEqualTo("stall me");
    // Only the next one stalls.
    assertThat(client.post("/chat/completions", chatBody(false, "x")).statusCode()).isEqualTo(200);
    assertThat(fake.abandonedCount()).isEqualTo(1);
  }

  @Test
  void clientLeavingMidStreamIsAbandoned() throws Exception {
    fake.setStreamChunks(20);
    fake.setChunkInterval(Duration.ofMillis(50));
    try (Socket socket = client.rawChat(chatBody(true, "long answer please"))) {
      String head = FakeClient.readUntil(socket, "\"role\":\"assistant\"");
      assertThat(head).startsWith("HTTP/1.1 200").contains("text/event-stream");
    }
    assertThat(fake.awaitAbandoned(1, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void completedExchangesAreNotAbandoned() throws Exception {
    client.post("/chat/completions", chatBody(true, "x"));
    client.post("/chat/completions", chatBody(false, "x"));
    assertThat(fake.awaitAbandoned(1, Duration.ofMillis(100))).isFalse();
  }

  @Test
  void dropAfterChunksClosesMidStreamWithoutDone() throws Exception {
    fake.setStreamChunks(5);
    fake.dropAfterChunks(2);
    try (Socket socket = client.rawChat(chatBody(true, "one two three four five"))) {
      String raw = FakeClient.readToEof(socket);
      assertThat(raw).startsWith("HTTP/1.1 200");
      assertThat(raw.split("data: \\{", -1)).hasSize(3);
      assertThat(raw).doesNotContain("[DONE]").doesNotContain("\r\n0\r\n\r\n");
    }
    // Persistent until turned off; our own drop is not an abandoned client.
    try (Socket socket = client.rawChat(chatBody(false, "x"))) {
      assertThat(FakeClient.readToEof(socket)).isEmpty();
    }
    assertThat(fake.abandonedCount()).isZero();
    fake.dropAfterChunks(-1);
    assertThat(sseChunks(client.post("/chat/completions", chatBody(true, "x")).body()))
        .isNotEmpty();
  }

  @Test
  void dropAfterChunksWithPacingAndDropNextIsOneShot() throws Exception {
    fake.setStreamChunks(4);
    fake.setChunkInterval(Duration.ofMillis(5));
    fake.dropNext(1, 1);
    try (Socket socket = client.rawChat(chatBody(true, "a b c d"))) {
      String raw = FakeClient.readToEof(socket);
      assertThat(raw.split("data: \\{", -1)).hasSize(2);
      assertThat(raw).doesNotContain("[DONE]");
    }
    assertThat(client.post("/chat/completions", chatBody(true, "a b c d")).body())
        .endsWith("data: [DONE]\n\n");
  }

  @Test
  void recordsMethodPathHeadersAndBody() {
    client.post("/chat/completions", chatBody(false, "record me"), "X-Custom-Header", "v1");
    client.get("/models?limit=2");

    assertThat(fake.requests()).hasSize(2);
    RecordedRequest chat = fake.requests().get(0);
    assertThat(chat.method()).isEqualTo("POST");
    assertThat(chat.path()).isEqualTo("/v1/chat/completions");
    assertThat(chat.headers()).containsKey("x-custom-header");
    assertThat(chat.header("X-CUSTOM-HEADER")).isEqualTo("v1");
    assertThat(chat.bodyAsString()).isEqualTo(chatBody(false, "record me"));
    assertThat(chat.json().get("model").asText()).isEqualTo("gpt-4o-mini");
    RecordedRequest models = fake.requests().get(1);
    assertThat(models.method()).isEqualTo("GET");
    assertThat(models.query()).isEqualTo("limit=2");
    assertThat(models.body()).isEmpty();
    assertThat(models.json()).isNull();

    fake.setRecordRequests(false);
    client.get("/models");
    assertThat(fake.requests()).hasSize(2);
    assertThat(fake.requestCount()).isEqualTo(3);

    fake.clearRecorded();
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void resetRestoresDefaults() {
    fake.setExpectedApiKey("sk-x");
    fake.setFixedReply("fixed");
    fake.stallNext(3);
    fake.failNext(3, 503, null, null);
    fake.setStreamChunks(9);
    fake.reset();

    HttpResponse<String> resp = client.post("/chat/completions", chatBody(true, "x"));
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(sseChunks(resp.body())).hasSize(1 + Knobs.DEFAULT_STREAM_CHUNKS + 1);
    assertThat(ChatCompletionsTest.content(sseChunks(resp.body()))).isEqualTo("Hello! You said: x");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
