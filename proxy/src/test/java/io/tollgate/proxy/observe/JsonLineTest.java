package io.tollgate.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] TEXT = JsonLine.name("text");
  private static final byte[] N = JsonLine.name("n");
  private static final byte[] MS = JsonLine.name("ms");

  private static JsonNode parse(JsonLine line) throws Exception {
    String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
    assertThat(text).endsWith("}\n").doesNotContain("\n}");
    return JSON.readTree(text);
  }

  @Test
  void stringsAreEscapedAndEncodedAsUtf8() throws Exception {
    String nasty = "quote \" back \\ tab \t nl \n nul \u0000 del \u007f é € 😀 lone \ud800 end";
    JsonNode json = parse(new JsonLine().begin().string(TEXT, nasty).end());

    assertThat(json.path("text").asText()).isEqualTo(nasty.replace('\ud800', '\ufffd'));
  }

  @Test
  void nullStringsAreLeftOutAndNumbersAreExact() throws Exception {
    JsonLine line =
        new JsonLine()
            .begin()
            .string(TEXT, null)
            .number(N, Long.MIN_VALUE)
            .bool(JsonLine.name("b"), false)
            .raw(JsonLine.name("usd"), "0.00042")
            .end();

    assertThat(line.toString())
        .isEqualTo("{\"n\":-9223372036854775808,\"b\":false,\"usd\":0.00042}\n");
  }

  @Test
  void millisecondsHaveThreeRoundedDecimals() {
    assertThat(new JsonLine().begin().millis(MS, 3_020_400).end().toString())
        .isEqualTo("{\"ms\":3.020}\n");
    assertThat(new JsonLine().begin().millis(MS, 12_345_678_501L).end().toString())
        .isEqualTo("{\"ms\":12345.679}\n");
    assertThat(new JsonLine().begin().millis(MS, 499).end().toString())
        .isEqualTo("{\"ms\":0.000}\n");
  }

  @Test
  void anEmptyObjectAndAReusedLineAreWellFormed() throws Exception {
    JsonLine line = new JsonLine();
    assertThat(line.begin().end().toString()).isEqualTo("{}\n");
    line.begin().string(TEXT, "x".repeat(5_000)).end();
    assertThat(line.begin().number(N, 7).end().toString()).isEqualTo("{\"n\":7}\n");
  }

  @Test
  void timesAreUtcWithMillisecondsAndTheSecondIsReformattedWhenItChanges() {
    JsonLine line = new JsonLine();
    byte[] at = JsonLine.name("at");
    // 2026-12-06T11:22:33.045Z and the next second, then one before 1970.
    assertThat(line.begin().time(at, 1_796_556_153_045L).end().toString())
        .isEqualTo("{\"at\":\"2026-12-06T11:22:33.045Z\"}\n");
    assertThat(line.begin().time(at, 1_796_556_154_999L).end().toString())
        .isEqualTo("{\"at\":\"2026-12-06T11:22:34.999Z\"}\n");
    assertThat(line.begin().time(at, -1L).end().toString())
        .isEqualTo("{\"at\":\"1969-12-31T23:59:59.999Z\"}\n");
  }
}
