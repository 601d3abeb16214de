package io.tollgate.proxy.upstream;

import io.tollgate.proxy.config.GatewayConfig;
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
import java.time.Duration;

/**
 * The one pooled, keep-alive HTTP client the proxy uses to reach providers. Requests are opened on
 * the caller's event loop, so a client request and its upstream call share a thread.
 */
@Singleton
public class UpstreamClient {

  private final HttpClient client;
  private final long idleTimeoutMillis;

  public UpstreamClient(Vertx vertx, GatewayConfig config) {
    GatewayConfig.Upstream upstream = config.upstream();
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout((int) upstream.keepAliveTimeout().toSeconds())
            .setConnectTimeout((int) upstream.connectTimeout().toMillis())
            .setTcpNoDelay(true)
            .setTryUseCompression(false)
            .setVerifyHost(true)
            .setName("tollgate-upstream");
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(upstream.maxConnectionsPerHost());
    this.client = vertx.createHttpClient(options, pool);
    this.idleTimeoutMillis = upstream.idleTimeout().toMillis();
  }

  /**
   * Opens a POST to {@code operationPath} (e.g. {@code /chat/completions}) of a target. {@code
   * idleTimeout} overrides the proxy's when not null. The caller sets {@code x-request-id}.
   */
  public Future<HttpClientRequest> post(
      UpstreamTarget target, String operationPath, boolean stream, Duration idleTimeout) {
    // Header sets are built once per target (Vert.x copies them into each request); only the
    // request id is per request, and the caller adds it to the opened request.
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.ssl())
            .setURI(target.uri(operationPath))
            .setIdleTimeout(idleTimeout == null ? idleTimeoutMillis : idleTimeout.toMillis())
            .setHeaders(stream ? target.streamHeaders() : target.jsonHeaders());
    return client.request(request);
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
