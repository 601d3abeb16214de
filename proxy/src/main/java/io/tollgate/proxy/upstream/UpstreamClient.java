package io.tollgate.proxy.upstream;

import io.netty.util.concurrent.FastThreadLocal;
import io.tollgate.proxy.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pooled, keep-alive HTTP clients the proxy reaches providers with: one per event loop, so that
 * a client request, its upstream call and the upstream connection all live on one thread.
 *
 * <p>Why not one client for all loops: Vert.x' pool hands out the most recently used idle
 * connection whichever event loop owns it, and a request on another loop then crosses threads twice
 * (its write is queued to the connection's loop, the response is queued back), each time with a
 * wake-up. A client per loop only ever holds connections of its own loop.
 */
@Singleton
public class UpstreamClient {

  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<HttpClient> loopClient =
      new FastThreadLocal<>() {
        @Override
        protected HttpClient initialValue() {
          return create();
        }
      };
  private volatile HttpClient offLoopClient;

  public UpstreamClient(Vertx vertx, GatewayConfig config) {
    GatewayConfig.Upstream upstream = config.upstream();
    this.vertx = vertx;
    this.options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout((int) upstream.keepAliveTimeout().toSeconds())
            .setConnectTimeout((int) upstream.connectTimeout().toMillis())
            .setTcpNoDelay(true)
            .setTryUseCompression(false)
            .setVerifyHost(true)
            .setName("tollgate-upstream");
    this.pool = new PoolOptions().setHttp1MaxSize(upstream.maxConnectionsPerHost());
  }

  /**
   * Opens a POST to {@code operationPath} (e.g. {@code /chat/completions}) of a target, without a
   * timeout of its own (the attempt loop watches it). The caller sets {@code x-request-id}.
   */
  public Future<HttpClientRequest> post(
      UpstreamTarget target, String operationPath, boolean stream) {
    // Header sets are built once per target (Vert.x copies them into each request); only the
    // request id is per request, and the caller adds it to the opened request.
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.ssl())
            .setURI(target.uri(operationPath))
            .setHeaders(stream ? target.streamHeaders() : target.jsonHeaders());
    return client().request(request);
  }

  /** This event loop's client; one shared client for calls made off the event loops. */
  private HttpClient client() {
    if (Context.isOnEventLoopThread()) {
      return loopClient.get();
    }
    HttpClient shared = offLoopClient;
    if (shared == null) {
      synchronized (this) {
        shared = offLoopClient;
        if (shared == null) {
          shared = create();
          offLoopClient = shared;
        }
      }
    }
    return shared;
  }

  private HttpClient create() {
    HttpClient client = vertx.createHttpClient(options, pool);
    clients.add(client);
    return client;
  }

  @PreDestroy
  void close() {
    clients.forEach(HttpClient::close);
  }
}
