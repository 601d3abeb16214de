package io.tollgate.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {

  /** Collects what the writer writes, counting its write calls. */
  private static class Output extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public synchronized void write(int b) {
      throw new AssertionError("the writer writes whole buffers");
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      writes.incrementAndGet();
      bytes.write(b, off, len);
    }

    synchronized List<String> lines() {
      String text = bytes.toString(StandardCharsets.UTF_8);
      assertThat(text.isEmpty() || text.endsWith("\n")).as("only whole lines").isTrue();
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  private static boolean append(AccessLogWriter writer, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    return writer.append(bytes, bytes.length);
  }

  @Test
  void linesFromManyThreadsArriveWholeInOrderAndBatched() throws Exception {
    Output out = new Output();
    AccessLogWriter writer = new AccessLogWriter(out, 4096, 1 << 20, Duration.ofMillis(5));
    int threads = 4;
    int perThread = 5_000;
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  assertThat(append(writer, "{\"thread\":" + id + ",\"n\":" + i + "}")).isTrue();
                }
              });
      producer.start();
      producers.add(producer);
    }
    for (Thread producer : producers) {
      producer.join();
    }
    writer.close();

    List<String> lines = out.lines();
    assertThat(lines).hasSize(threads * perThread);
    int[] next = new int[threads];
    for (String line : lines) {
      int thread = line.charAt("{\"thread\":".length()) - '0';
      assertThat(line).isEqualTo("{\"thread\":" + thread + ",\"n\":" + next[thread]++ + "}");
    }
    assertThat(writer.dropped()).isZero();
    // ~20 bytes a line in 4 KiB buffers: far fewer writes than lines.
    assertThat(out.writes.get()).isLessThan(threads * perThread / 20);
  }

  @Test
  void aLineIsWrittenWithinTheFlushIntervalWithoutWaitingForAFullBuffer() throws Exception {
    Output out = new Output();
    try (AccessLogWriter writer =
        new AccessLogWriter(out, 64 * 1024, 1 << 20, Duration.ofMillis(20))) {
      append(writer, "{\"alone\":true}");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (out.lines().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(out.lines()).containsExactly("{\"alone\":true}");
    }
  }

  @Test
  void aStuckOutputCostsLinesNotWaiting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    Output out =
        new Output() {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            stuck.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            super.write(b, off, len);
          }
        };
    AccessLogWriter writer = new AccessLogWriter(out, 1024, 4096, Duration.ofMillis(1));
    append(writer, "x".repeat(99));
    stuck.await();

    // The writer is stuck on the buffer with the first line; the three other 1 KiB buffers hold
    // ten lines each, the rest is dropped at once.
    int accepted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (append(writer, "y".repeat(99))) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(30);
    assertThat(writer.dropped()).isEqualTo(1_000 - accepted);

    release.countDown();
    writer.close();
    assertThat(out.lines()).hasSize(1 + accepted);
  }

  @Test
  void aFailedWriteCountsItsLinesAndTheNextOneStillWorks() throws Exception {
    AtomicBoolean fail = new AtomicBoolean(true);
    Output out =
        new Output() {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (fail.getAndSet(false)) {
              throw new IOException("disk full");
            }
            super.write(b, off, len);
          }
        };
    AccessLogWriter writer = new AccessLogWriter(out, 1024, 8192, Duration.ofHours(1));
    // Ten 102-byte lines fill a buffer; the eleventh hands it to the writer, whose write fails.
    for (int i = 0; i < 10; i++) {
      append(writer, "lost" + "-".repeat(97));
    }
    append(writer, "{\"kept\":true}");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (writer.dropped() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    writer.close();

    assertThat(writer.dropped()).isEqualTo(10);
    assertThat(out.lines()).containsExactly("{\"kept\":true}");
  }

  @Test
  void closeWritesWhatIsQueuedAndLaterLinesAreDropped() {
    Output out = new Output();
    AccessLogWriter writer = new AccessLogWriter(out, 1024, 8192, Duration.ofHours(1));
    append(writer, "{\"before\":true}");
    writer.close();

    assertThat(out.lines()).containsExactly("{\"before\":true}");
    assertThat(append(writer, "{\"after\":true}")).isFalse();
    assertThat(writer.dropped()).isEqualTo(1);
  }
}
