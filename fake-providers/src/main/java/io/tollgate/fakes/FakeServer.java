package io.tollgate.fakes;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * Owns the Vert.x instance of one fake and one HTTP server per event loop, all sharing one port so
 * the kernel spreads connections across cores.
 */
final class FakeServer {

  private final Vertx vertx;
  private final int port;
  private volatile boolean closing;

  private FakeServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /**
   * Starts the servers.
   *
   * @param h2c whether cleartext HTTP/2 (prior knowledge or upgrade) is accepted next to HTTP/1.1
   * @param handlerFactory builds the request handler from the Vert.x instance and a "server is
   *     closing" flag, so closes at shutdown are not counted as abandoned exchanges
   */
  static FakeServer start(
      String host,
      int requestedPort,
      int eventLoops,
      boolean h2c,
      BiFunction<Vertx, BooleanSupplier, Handler<HttpServerRequest>> handlerFactory) {
    int loops = Math.max(1, eventLoops);
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    FakeServer[] self = new FakeServer[1];
    Handler<HttpServerRequest> handler =
        handlerFactory.apply(vertx, () -> self[0] != null && self[0].closing);
    try {
      // One server per event loop on the same address: Vert.x shares the listener and spreads
      // connections round-robin. Port 0 cannot be shared (each server would get its own port);
      // Vert.x's negative port means "one random port shared by everyone asking for -1".
      int bindPort = requestedPort == 0 ? -1 : requestedPort;
      int port = await(deploy(vertx, handler, host, bindPort, loops, h2c)).port;
      self[0] = new FakeServer(vertx, port);
      return self[0];
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  void close() {
    closing = true;
    await(vertx.close());
  }

  /** A dialable base address: a wildcard bind is reached via loopback from this machine. */
  static String origin(String host, int port) {
    String dial = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + dial + ":" + port;
  }

  private static Future<ServerVerticle> deploy(
      Vertx vertx,
      Handler<HttpServerRequest> handler,
      String host,
      int port,
      int instances,
      boolean h2c) {
    ServerVerticle[] last = new ServerVerticle[1];
    return vertx
        .deployVerticle(
            () -> last[0] = new ServerVerticle(handler, host, port, h2c),
            new DeploymentOptions().setInstances(instances))
        .map(id -> last[0]);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting or stopping the fake", e);
    } catch (Exception e) {
      throw new IllegalStateException("fake server failed: " + e.getMessage(), e);
    }
  }

  /** One HTTP server bound on the event loop of its own verticle instance. */
  private static final class ServerVerticle extends AbstractVerticle {
    private final Handler<HttpServerRequest> handler;
    private final String host;
    private final boolean h2c;
    private volatile int port;

    ServerVerticle(Handler<HttpServerRequest> handler, String host, int port, boolean h2c) {
      this.handler = handler;
      this.host = host;
      this.port = port;
      this.h2c = h2c;
    }

    @Override
    public void start(Promise<Void> started) {
      HttpServerOptions options =
          new HttpServerOptions()
              .setHost(host)
              .setPort(port)
              .setTcpNoDelay(true)
              // No TLS, so no ALPN: HTTP/2 can only arrive as h2c. The AWS SDK's async clients
              // speak h2c with prior knowledge on http:// endpoints; OpenAI and Anthropic clients
              // use HTTP/1.1, where dropping a connection mid-stream means exactly one exchange.
              .setUseAlpn(false)
              .setHttp2ClearTextEnabled(h2c)
              .setCompressionSupported(false);
      vertx
          .createHttpServer(options)
          .requestHandler(handler)
          .listen()
          .onSuccess(
              server -> {
                port = server.actualPort();
                started.complete();
              })
          .onFailure(started::fail);
    }
  }
}
