package io.tollgate.fakes;

import java.time.Duration;

/** Runs the fake OpenAI upstream from the command line for the quick start and benchmarks. */
public final class FakeOpenAiMain {

  private static final String USAGE =
      "usage: java -jar tollgate-fake-providers.jar [--port 9090] [--host 127.0.0.1]"
          + " [--chunks 16] [--chunk-interval-ms 0] [--api-key KEY] [--event-loops N]"
          + " [--fixed-reply TEXT] [--record]";

  private FakeOpenAiMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 9090;
    String host = "127.0.0.1";
    int chunks = 16;
    long intervalMs = 0;
    String apiKey = null;
    int eventLoops = Runtime.getRuntime().availableProcessors();
    String fixedReply = null;
    // Off by default: a long benchmark run would otherwise keep every request in memory.
    boolean record = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(args[++i]);
          case "--host" -> host = args[++i];
          case "--chunks" -> chunks = Integer.parseInt(args[++i]);
          case "--chunk-interval-ms" -> intervalMs = Long.parseLong(args[++i]);
          case "--api-key" -> apiKey = args[++i];
          case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
          case "--fixed-reply" -> fixedReply = args[++i];
          case "--record" -> record = true;
          case "--help", "-h" -> {
            System.out.println(USAGE);
            return;
          }
          default -> throw new IllegalArgumentException("unknown flag " + args[i]);
        }
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }

    FakeOpenAi fake =
        FakeOpenAi.start(
            FakeOpenAi.Options.defaults()
                .withHost(host)
                .withPort(port)
                .withEventLoops(eventLoops)
                .withRecordRequests(record));
    fake.setStreamChunks(chunks);
    fake.setChunkInterval(Duration.ofMillis(intervalMs));
    fake.setExpectedApiKey(apiKey);
    if (fixedReply != null) {
      fake.setFixedReply(fixedReply);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-openai-shutdown"));
    System.out.println(
        "fake OpenAI upstream listening on http://" + host + ":" + fake.port() + "/v1");
    System.out.flush();
    // Event-loop threads would keep the JVM alive anyway; parking main states "until killed".
    Thread.currentThread().join();
  }
}
