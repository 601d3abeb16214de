package io.tollgate.governance;

import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (from PATH) for tests, on a free port of its own, persisting nothing.
 * It can be stopped and started again on the same port, empty, to test outages. One per test suite:
 * start it in {@code @BeforeAll}, {@link #close()} it in {@code @AfterAll}.
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free port; fails with a clear message when redis-server is missing. */
  public static RedisServer start() {
    try {
      RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("tollgate-redis"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The connection string for a Vert.x Redis client. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Options for a pooled Vert.x client of this server, with room to queue the bursts tests make
   * (the client's default refuses more than 24 waiting requests).
   */
  public RedisOptions clientOptions() {
    return new RedisOptions().setConnectionString(url()).setMaxPoolWaiting(4096);
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server again on its port after {@link #stop()}; it starts empty. */
  public synchronized void startAgain() {
    if (running()) {
      return;
    }
    List<String> command =
        List.of(
            "redis-server",
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start redis-server; these tests need it on the PATH (apt-get install"
              + " redis-server)",
          e);
    }
    awaitPong();
  }

  /** Stops the server, as an outage would; clients see their connections closed. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitPong() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with "
                + process.exitValue()
                + "; see "
                + dir.resolve("redis.log"));
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop();
    throw new IllegalStateException("redis-server did not answer PING within " + STARTUP);
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
