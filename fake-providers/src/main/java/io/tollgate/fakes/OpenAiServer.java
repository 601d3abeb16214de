package io.tollgate.fakes;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Vert.x instance and one HTTP server per event loop, all sharing one port so the kernel
 * spreads connections across cores.
 */
final class OpenAiServer {

  private final Vertx vertx;
  private final int port;
  private volatile boolean closing;

  private OpenAiServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  static OpenAiServer start(
      String host, int requestedPort, int eventLoops, Knobs knobs, RequestRecorder recorder) {
    int loops = Math.max(1, eventLoops);
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    OpenAiServer[] self = new OpenAiServer[1];
    OpenAiHandler handler = new OpenAiHandler(vertx, knobs, recorder, () -> self[0].closing);
    try {
      // One server per event loop on the same address: Vert.x shares the listener and spreads
      // connections round-robin. Port 0 cannot be shared (each server would get its own port);
      // Vert.x's negative port means "one random port shared by everyone asking for -1".
      int bindPort = requestedPort == 0 ? -1 : requestedPort;
      int port = await(deploy(vertx, handler, host, bindPort, loops)).port;
      self[0] = new OpenAiServer(vertx, port);
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

  private static Future<ServerVerticle> deploy(
      Vertx vertx, OpenAiHandler handler, String host, int port, int instances) {
    ServerVerticle[] last = new ServerVerticle[1];
    return vertx
        .deployVerticle(
            () -> last[0] = new ServerVerticle(handler, host, port),
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
      throw new IllegalStateException("fake OpenAI server failed: " + e.getMessage(), e);
    }
  }

  /** One HTTP server bound on the event loop of its own verticle instance. */
  private static final class ServerVerticle extends AbstractVerticle {
    private final OpenAiHandler handler;
    private final String host;
    private volatile int port;

    ServerVerticle(OpenAiHandler handler, String host, int port) {
      this.handler = handler;
      this.host = host;
      this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
      HttpServerOptions options =
          new HttpServerOptions()
              .setHost(host)
              .setPort(port)
              .setTcpNoDelay(true)
              // Plain HTTP/1.1 only: OpenAI clients reach a plain-http upstream that way, and
              // dropping a connection mid-stream must mean exactly one exchange.
              .setHttp2ClearTextEnabled(false)
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
