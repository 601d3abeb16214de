package io.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseScannerTest {

  record Event(long at, boolean done) {}

  private static List<Event> scan(String text, int splitEvery) {
    List<Event> events = new ArrayList<>();
    SseScanner scanner = new SseScanner((at, done) -> events.add(new Event(at, done)));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long now = 0;
    for (int i = 0; i < bytes.length; i += splitEvery) {
      scanner.feed(bytes, i, Math.min(splitEvery, bytes.length - i), now++);
    }
    return events;
  }

  private static final String OPENAI =
      "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
          + "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
          + "data: [DONE]\n\n";

  @Test
  void findsEventsWhereverTheBytesAreSplit() {
    for (int split = 1; split <= OPENAI.length(); split++) {
      List<Event> events = scan(OPENAI, split);
      assertThat(events).as("split every %d bytes", split).hasSize(3);
      assertThat(events).extracting(Event::done).containsExactly(false, false, true);
    }
  }

  @Test
  void timesAnEventByTheBytesThatCompleteIt() {
    // Fed one byte per tick: the first event's blank line is its last byte.
    String first = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n";
    List<Event> events = scan(OPENAI, 1);
    assertThat(events.get(0).at()).isEqualTo(first.length() - 1);
    assertThat(events.get(2).at()).isEqualTo(OPENAI.length() - 1);
  }

  @Test
  void acceptsCrLfAndMultiLineEvents() {
    String text = "event: message\r\ndata: a\r\ndata: b\r\n\r\ndata:[DONE]\r\n\r\n";
    assertThat(scan(text, 3)).extracting(Event::done).containsExactly(false, true);
  }

  @Test
  void ignoresCommentsAndEventsWithoutData() {
    String text = ": keep-alive\n\nevent: ping\n\n\n\ndata: x\n\n";
    assertThat(scan(text, 4)).hasSize(1);
  }

  @Test
  void onlyTheExactDoneMarkerEndsTheStream() {
    String text = "data: [DONE] \n\ndata: [DONE]x\n\ndata: [DONE\n\ndata: [DONE]\n\n";
    assertThat(scan(text, 5)).extracting(Event::done).containsExactly(false, false, false, true);
  }

  @Test
  void anUnfinishedEventIsNotReported() {
    assertThat(scan("data: partial\n", 2)).isEmpty();
  }
}
