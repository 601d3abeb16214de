package io.tollgate.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor under Tollgate: the same Vert.x HTTP server and client it is built on, one event loop,
 * forwarding each POST to the upstream and its answer back, and nothing else (no Quarkus, no
 * router, no auth, limits, metrics or log). Measured next to Tollgate, it tells what the stack
 * itself costs per request and what Tollgate's own layers add.
 */
final class VertxFloor {

  private VertxFloor() {}

  static void run(int port, String upstreamHost, int upstreamPort) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(256));
    vertx
        .createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
        .requestHandler(request -> forward(client, upstreamHost, upstreamPort, request))
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    System.out.println("floor listening on " + port);
  }

  private static void forward(
      HttpClient client, String upstreamHost, int upstreamPort, HttpServerRequest request) {
    request
        .body()
        .compose(
            body ->
                client
                    .request(
                        new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost(upstreamHost)
                            .setPort(upstreamPort)
                            .setURI(request.uri())
                            .putHeader("content-type", "application/json"))
                    .compose(upstream -> upstream.send(body)))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        answer ->
                            request
                                .response()
                                .setStatusCode(response.statusCode())
                                .putHeader("content-type", "application/json")
                                .end(answer)))
        .onFailure(failure -> request.response().setStatusCode(502).end());
  }
}
