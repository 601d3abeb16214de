package io.tollgate.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class StreamingUsageFilterTest {

  private static final String CONTENT =
      "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],"
          + "\"usage\":null}\n\n";
  private static final String USAGE =
      "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
          + "\"completion_tokens\":3,\"total_tokens\":10,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  @Test
  void passesWholeChunksThroughUntouched() {
    StreamingUsageFilter filter = new StreamingUsageFilter(false);
    Buffer chunk = Buffer.buffer(CONTENT);
    assertThat(filter.accept(chunk)).isSameAs(chunk);
  }

  @Test
  void dropsTheUsageChunkForClientsThatDidNotAskButRecordsIt() {
    StreamingUsageFilter filter = new StreamingUsageFilter(false);
    Buffer out = filter.accept(Buffer.buffer(CONTENT + USAGE + DONE));
    assertThat(out.toString()).isEqualTo(CONTENT + DONE);
    assertThat(filter.usage()).isEqualTo(new Usage(7, 3, 2));
  }

  @Test
  void keepsTheUsageChunkForClientsThatAsked() {
    StreamingUsageFilter filter = new StreamingUsageFilter(true);
    Buffer chunk = Buffer.buffer(CONTENT + USAGE + DONE);
    assertThat(filter.accept(chunk).toString()).isEqualTo(CONTENT + USAGE + DONE);
    assertThat(filter.usage().totalTokens()).isEqualTo(10);
  }

  @Test
  void aPricedStreamReportsItsCostInTheUsageTheClientAskedFor() {
    StreamingUsageFilter filter = new StreamingUsageFilter(true);
    // 5 uncached prompt tokens at $2/M, 2 cached at $1/M, 3 completion tokens at $10/M.
    filter.priceWith(new io.tollgate.config.snapshot.Pricing(2, 10, 1));
    Buffer content = Buffer.buffer(CONTENT);
    assertThat(filter.accept(content)).isSameAs(content);
    assertThat(filter.accept(Buffer.buffer(USAGE + DONE)).toString())
        .isEqualTo(USAGE.replace("\"usage\":{", "\"usage\":{\"cost\":0.000042,") + DONE);
  }

  @Test
  void reassemblesEventsSplitAnywhere() {
    String stream = CONTENT + USAGE + DONE;
    for (int cut = 1; cut < stream.length(); cut++) {
      StreamingUsageFilter filter = new StreamingUsageFilter(false);
      String out =
          filter.accept(Buffer.buffer(stream.substring(0, cut))).toString()
              + filter.accept(Buffer.buffer(stream.substring(cut))).toString()
              + filter.remainder().toString();
      assertThat(out).as("cut at %d", cut).isEqualTo(CONTENT + DONE);
      assertThat(filter.usage()).as("cut at %d", cut).isEqualTo(new Usage(7, 3, 2));
    }
  }

  @Test
  void handlesCarriageReturnLineEnds() {
    StreamingUsageFilter filter = new StreamingUsageFilter(false);
    String crlf = USAGE.replace("\n", "\r\n") + DONE.replace("\n", "\r\n");
    assertThat(filter.accept(Buffer.buffer(crlf)).toString()).isEqualTo(DONE.replace("\n", "\r\n"));
    assertThat(filter.usage()).isNotNull();
  }

  @Test
  void flushesAnUnterminatedLastEventAsIs() {
    StreamingUsageFilter filter = new StreamingUsageFilter(false);
    assertThat(filter.accept(Buffer.buffer("data: [DONE]")).length()).isZero();
    assertThat(filter.remainder().toString()).isEqualTo("data: [DONE]");
  }
}
