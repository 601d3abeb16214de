package io.tollgate.fakes;

import static io.tollgate.fakes.FakeClient.json;
import static io.tollgate.fakes.FakeClient.sseChunks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolCallsTest {

  static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
          + "\"parameters\":{\"type\":\"object\"}}},"
          + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";

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

  static String request(boolean stream, String extra) {
    return "{\"model\":\"gpt-4o\",\"stream\":"
        + stream
        + ","
        + TOOLS
        + extra
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Paris?\"}]}";
  }

  @Test
  void nonStreamingToolCallToFirstTool() {
    fake.setToolArguments("{\"city\":\"Paris\"}");
    JsonNode resp = json(client.post("/chat/completions", request(false, "")).body());

    JsonNode choice = resp.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode message = choice.get("message");
    assertThat(message.get("content").isNull()).isTrue();
    JsonNode call = message.get("tool_calls").get(0);
    assertThat(call.get("id").asText()).startsWith("call_");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void defaultArgumentsAreEmptyObject() {
    JsonNode resp = json(client.post("/chat/completions", request(false, "")).body());
    assertThat(resp.at("/choices/0/message/tool_calls/0/function/arguments").asText())
        .isEqualTo("{}");
  }

  @Test
  void toolChoiceSelectsTheNamedTool() {
    String extra = ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}";
    JsonNode resp = json(client.post("/chat/completions", request(false, extra)).body());
    assertThat(resp.at("/choices/0/message/tool_calls/0/function/name").asText())
        .isEqualTo("get_time");
  }

  @Test
  void toolChoiceNoneAnswersWithText() {
    JsonNode resp =
        json(client.post("/chat/completions", request(false, ",\"tool_choice\":\"none\"")).body());
    assertThat(resp.at("/choices/0/message/content").asText()).startsWith("Hello! You said:");
    assertThat(resp.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void streamedToolCallSendsIdAndNameFirstThenArgumentFragments() {
    fake.setToolArguments("{\"city\": \"Paris\", \"unit\": \"celsius\"}");
    fake.setStreamChunks(3);
    List<JsonNode> chunks = sseChunks(client.post("/chat/completions", request(true, "")).body());

    assertThat(chunks).hasSize(1 + 3 + 1);
    JsonNode first = chunks.get(0).at("/choices/0/delta");
    assertThat(first.get("role").asText()).isEqualTo("assistant");
    JsonNode firstCall = first.get("tool_calls").get(0);
    assertThat(firstCall.get("index").asInt()).isZero();
    assertThat(firstCall.get("id").asText()).startsWith("call_");
    assertThat(firstCall.get("type").asText()).isEqualTo("function");
    assertThat(firstCall.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(firstCall.at("/function/arguments").asText()).isEmpty();

    StringBuilder args = new StringBuilder();
    for (JsonNode chunk : chunks.subList(1, 4)) {
      JsonNode call = chunk.at("/choices/0/delta/tool_calls/0");
      assertThat(ChatCompletionsTest.fieldNames(call)).containsExactly("index", "function");
      assertThat(ChatCompletionsTest.fieldNames(call.get("function"))).containsExactly("arguments");
      args.append(call.at("/function/arguments").asText());
    }
    assertThat(args.toString()).isEqualTo("{\"city\": \"Paris\", \"unit\": \"celsius\"}");
    assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void toolResultMessageGetsTextReply() {
    String body =
        "{\"model\":\"gpt-4o\","
            + TOOLS
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"22 C and sunny\"}]}";
    JsonNode resp = json(client.post("/chat/completions", body).body());
    assertThat(resp.at("/choices/0/message/content").asText())
        .isEqualTo("Tool result: 22 C and sunny");
    assertThat(resp.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(resp.at("/choices/0/message").has("tool_calls")).isFalse();
  }
}
