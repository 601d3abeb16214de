package io.tollgate.fakes;

import static io.tollgate.fakes.FakeClient.chatBody;
import static io.tollgate.fakes.FakeClient.json;
import static io.tollgate.fakes.FakeClient.sseChunks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

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
  void baseUrlPointsAtTheV1Prefix() {
    assertThat(fake.port()).isPositive();
    assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port() + "/v1");
  }

  @Test
  void nonStreamingCompletionHasOpenAiShape() {
    HttpResponse<String> resp =
        client.post("/chat/completions", chatBody(false, "what is up"), "X-Trace", "t1");

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = json(resp.body());
    assertThat(fieldNames(body))
        .containsExactly(
            "id",
            "object",
            "created",
            "model",
            "choices",
            "usage",
            "service_tier",
            "system_fingerprint");
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isGreaterThan(1_700_000_000L);
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asText())
        .isEqualTo("Hello! You said: what is up");
    JsonNode usage = body.get("usage");
    // 2 messages * 3 + "be brief" (2) + "what is up" (3)
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(11);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(6);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(17);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
  }

  @Test
  void contentPartsAreJoinedAndUnicodeSurvives() {
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"h\\u00e9 \\\"quoted\\\"\"},{\"type\":\"image_url\",\"image_url\":{}},"
            + "{\"type\":\"text\",\"text\":\"\\ud83d\\ude00\"}]}]}";
    JsonNode resp = json(client.post("/chat/completions", body).body());
    assertThat(resp.at("/choices/0/message/content").asText())
        .isEqualTo("Hello! You said: hé \"quoted\" \uD83D\uDE00");
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsageKey() {
    fake.setStreamChunks(3);
    HttpResponse<String> resp =
        client.post("/chat/completions", chatBody(true, "one two three four"));

    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    List<JsonNode> chunks = sseChunks(resp.body());
    assertThat(chunks).hasSize(1 + 3 + 1);
    String id = chunks.get(0).get("id").asText();
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("id").asText()).isEqualTo(id);
      assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(chunk.has("system_fingerprint")).isTrue();
      assertThat(chunk.has("usage")).isFalse();
    }
    JsonNode first = chunks.get(0).at("/choices/0/delta");
    assertThat(first.get("role").asText()).isEqualTo("assistant");
    assertThat(first.get("content").asText()).isEmpty();
    assertThat(content(chunks)).isEqualTo("Hello! You said: one two three four");
    JsonNode last = chunks.get(chunks.size() - 1).at("/choices/0");
    assertThat(last.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(last.get("delta").size()).isZero();
    // Middle chunks are still running.
    assertThat(chunks.get(1).at("/choices/0/finish_reason").isNull()).isTrue();
  }

  @Test
  void streamWithIncludeUsageEndsWithUsageChunk() {
    String body =
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    List<JsonNode> chunks = sseChunks(client.post("/chat/completions", body).body());

    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.get("choices").isArray()).isTrue();
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(8);
    for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.has("usage")).isTrue();
      assertThat(chunk.get("usage").isNull()).isTrue();
    }
    assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
  }

  @Test
  void moreChunksThanWordsSplitsByCharacters() {
    fake.setStreamChunks(10);
    List<JsonNode> chunks = sseChunks(client.post("/chat/completions", chatBody(true, "x")).body());
    assertThat(chunks).hasSize(1 + 10 + 1);
    assertThat(content(chunks)).isEqualTo("Hello! You said: x");
  }

  @Test
  void fixedReplyReplacesTheEchoAndFollowsChunkChanges() {
    fake.setFixedReply("The quick brown fox jumps");
    JsonNode resp = json(client.post("/chat/completions", chatBody(false, "ignored")).body());
    assertThat(resp.at("/choices/0/message/content").asText())
        .isEqualTo("The quick brown fox jumps");
    assertThat(resp.at("/usage/completion_tokens").asInt()).isEqualTo(5);

    fake.setStreamChunks(5);
    List<JsonNode> chunks = sseChunks(client.post("/chat/completions", chatBody(true, "x")).body());
    assertThat(chunks).hasSize(1 + 5 + 1);
    assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("The ");
    assertThat(content(chunks)).isEqualTo("The quick brown fox jumps");

    fake.setFixedReply(null);
    resp = json(client.post("/chat/completions", chatBody(false, "again")).body());
    assertThat(resp.at("/choices/0/message/content").asText()).isEqualTo("Hello! You said: again");
  }

  @Test
  void maxCompletionTokensTruncatesWithFinishReasonLength() {
    String body =
        "{\"model\":\"m\",\"max_completion_tokens\":3,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"a b c d\"}]}";
    JsonNode resp = json(client.post("/chat/completions", body).body());
    assertThat(resp.at("/choices/0/message/content").asText()).isEqualTo("Hello! You said:");
    assertThat(resp.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(resp.at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  static String content(List<JsonNode> chunks) {
    return chunks.stream()
        .map(c -> c.at("/choices/0/delta/content"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .collect(Collectors.joining());
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
