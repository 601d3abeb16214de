package io.tollgate.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class OpenAiResponsesTest {

  private static Usage usage(String json) {
    return OpenAiResponses.usage(Buffer.buffer(json));
  }

  @Test
  void readsTheUsageAfterTheChoices() {
    assertThat(
            usage(
                "{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],"
                    + "\"usage\": {\"prompt_tokens\":7,\"completion_tokens\":3,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":2}},\"system_fingerprint\":\"f\"}"))
        .isEqualTo(new Usage(7, 3, 2));
  }

  @Test
  void isNotFooledByUsageInsideStrings() {
    String content = "{\\\"usage\\\":{\\\"prompt_tokens\\\":999}}";
    assertThat(
            usage(
                "{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1},"
                    + "\"choices\":[{\"message\":{\"content\":\""
                    + content
                    + "\"}}]}"))
        .isEqualTo(new Usage(5, 1, 0));
  }

  @Test
  void findsUsageBeforeTheChoicesToo() {
    assertThat(usage("{\"usage\":{\"prompt_tokens\":4},\"choices\":[],\"x\":\"usage\"}"))
        .isEqualTo(new Usage(4, 0, 0));
  }

  @Test
  void answersNullWithoutAUsageObject() {
    assertThat(usage("{\"choices\":[],\"usage\":null}")).isNull();
    assertThat(usage("{\"choices\":[]}")).isNull();
    assertThat(usage("not json")).isNull();
  }

  @Test
  void readsAWindowOfALargerBufferAndADirectOne() {
    String json = "{\"choices\":[],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":2}}";
    String around = "{\"usage\":{\"prompt_tokens\":1}}" + json + "\"usage\":{\"prompt_tokens\":9}";
    int from = around.indexOf(json);
    Buffer window = Buffer.buffer(around).slice(from, from + json.length());
    assertThat(OpenAiResponses.usage(window)).isEqualTo(new Usage(6, 2, 0));

    io.netty.buffer.ByteBuf direct = io.netty.buffer.Unpooled.directBuffer();
    direct.writeCharSequence(json, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(OpenAiResponses.usage(Buffer.buffer(direct))).isEqualTo(new Usage(6, 2, 0));
  }
}
