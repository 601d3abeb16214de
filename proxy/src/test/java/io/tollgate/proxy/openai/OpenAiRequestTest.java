package io.tollgate.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class OpenAiRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static OpenAiRequest parse(String json) {
    return OpenAiRequest.parse(Buffer.buffer(json));
  }

  private static JsonNode tree(Buffer buffer) throws Exception {
    return JSON.readTree(buffer.getBytes());
  }

  @Test
  void readsModelStreamAndIncludeUsage() {
    OpenAiRequest request =
        parse(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"gpt-4o\","
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertThat(request.model()).isEqualTo("gpt-4o");
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
  }

  @Test
  void keepsTheOriginalBytesWhenNothingChanges() {
    String json = "{\"model\":\"m\",\"messages\":[],\"x_unknown\":{\"a\":[1,2]}}";
    OpenAiRequest request = parse(json);
    assertThat(request.upstreamBody("m", false)).isSameAs(request.body());
  }

  @Test
  void renamesTheModelAndLeavesEveryOtherByteAlone() {
    String json =
        "{ \"temperature\" : 0.5, \"model\" : \"public\",  \"messages\":[{\"role\":\"user\","
            + "\"content\":\"caf\\u00e9 \\\"q\\\"\"}], \"vendor_field\":[true,null,1e3] }";
    Buffer out = parse(json).upstreamBody("upstream-\"id\"", false);
    assertThat(out.toString()).isEqualTo(json.replace("\"public\"", "\"upstream-\\\"id\\\"\""));
  }

  @Test
  void addsIncludeUsageToStreamsThatDidNotAskForIt() throws Exception {
    OpenAiRequest request = parse("{\"model\":\"m\",\"stream\":true,\"messages\":[]}");
    JsonNode out = tree(request.upstreamBody("up", true));
    assertThat(out.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(out.path("model").asText()).isEqualTo("up");
    assertThat(out.path("stream").asBoolean()).isTrue();
  }

  @Test
  void forcesIncludeUsageInExistingStreamOptionsAndKeepsTheirOtherMembers() throws Exception {
    OpenAiRequest request =
        parse(
            "{\"stream_options\":{\"include_usage\":false,\"extra\":[1,{\"b\":2}]},"
                + "\"model\":\"m\",\"stream\":true}");
    assertThat(request.includeUsage()).isFalse();
    JsonNode out = tree(request.upstreamBody("up", true));
    assertThat(out.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(out.path("stream_options").path("extra").toString()).isEqualTo("[1,{\"b\":2}]");
    assertThat(out.path("model").asText()).isEqualTo("up");
  }

  @Test
  void neverAddsStreamOptionsToNonStreamingOperations() {
    OpenAiRequest request = parse("{\"model\":\"m\",\"stream\":true,\"input\":\"x\"}");
    assertThat(request.upstreamBody("m", false)).isSameAs(request.body());
  }

  @Test
  void rejectsWhatTheUpstreamCouldReadDifferently() {
    assertThatThrownBy(() -> parse("{\"model\":\"a\",\"model\":\"b\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'model' appears more than once");
    assertThatThrownBy(() -> parse("{\"model\":\"a\"} {}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("single JSON object");
  }

  @Test
  void explainsBadInput() {
    assertThatThrownBy(() -> parse("[1]")).hasMessage("The request body must be a JSON object.");
    assertThatThrownBy(() -> parse("{\"model\":")).hasMessageContaining("could not parse");
    assertThatThrownBy(() -> parse("{\"model\":3}"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.param()).isEqualTo("model"));
    assertThatThrownBy(() -> parse("{\"messages\":[]}"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.code()).isEqualTo("missing_required_parameter"));
    assertThatThrownBy(() -> parse("{\"model\":\"m\",\"stream\":\"yes\"}"))
        .hasMessage("'stream' must be a boolean.");
  }
}
