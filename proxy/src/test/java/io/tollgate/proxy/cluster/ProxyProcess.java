package io.tollgate.proxy.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway running as its own process from the packaged application, as a pod would run it: for
 * tests of what several replicas do together.
 */
final class ProxyProcess implements AutoCloseable {

  private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final Process process;
  private final int port;
  private final int managementPort;
  private final Path log;

  private ProxyProcess(Process process, int port, int managementPort, Path log) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  /** Starts a gateway with these {@code tollgate.*} settings; call {@link #awaitReady} next. */
  static ProxyProcess start(String name, Map<String, String> settings) throws IOException {
    if (!Files.exists(APP)) {
      throw new IllegalStateException(APP + " is missing: run this test with `./mvnw verify`");
    }
    int port = freePort();
    int managementPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.management.port=" + managementPort);
    command.add("-Dquarkus.management.host=127.0.0.1");
    command.add("-Dquarkus.shutdown.timeout=1s");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(APP.toString());
    Path log = Path.of("target", "proxy-" + name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ProxyProcess(process, port, managementPort, log);
  }

  /** Waits until the gateway reports ready (configuration loaded). */
  ProxyProcess awaitReady(Duration within) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited: " + Files.readString(log));
      }
      try {
        if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "gateway not ready within " + within + ": " + Files.readString(log));
  }

  URI v1() {
    return URI.create("http://127.0.0.1:" + port + "/v1");
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
