package io.tollgate.proxy.upstream.azure;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.EntraAuth;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.upstream.UpstreamCredentialsException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Microsoft Entra ID access tokens for azure-openai backends with {@code entra}: one {@link
 * EntraTokenSource} per identity (authority, tenant, client, scope, secret), shared by every
 * backend and snapshot that names the same identity, so a reload keeps its token. Requests read a
 * cached token; only the first request of an identity, or one after the token expired, waits for
 * the token endpoint, never blocking its event loop.
 */
@Singleton
public class EntraTokens {

  private final Vertx vertx;
  private final Clock clock;
  private final GatewayConfig.Azure environment;
  private final HttpClient http;
  // Resolved once: identities are looked up per request.
  private final URI environmentAuthority;
  private final Map<EntraTokenSource.Identity, EntraTokenSource> sources =
      new ConcurrentHashMap<>();

  @Inject
  public EntraTokens(Vertx vertx, Clock clock, GatewayConfig config) {
    this(vertx, clock, config.azure());
  }

  EntraTokens(Vertx vertx, Clock clock, GatewayConfig.Azure environment) {
    this.vertx = vertx;
    this.clock = clock;
    this.environment = environment;
    this.environmentAuthority =
        environment
            .authorityHost()
            .filter(host -> !host.isBlank())
            .map(
                host ->
                    URI.create(host.endsWith("/") ? host.substring(0, host.length() - 1) : host))
            .orElse(EntraAuth.PUBLIC_CLOUD);
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setVerifyHost(true)
                .setConnectTimeout(10_000)
                .setIdleTimeout(30)
                .setName("tollgate-entra"));
  }

  /**
   * The bearer token for a request to {@code backend}, completed on the caller's context; fails
   * with an {@link UpstreamCredentialsException} saying what to fix.
   */
  public Future<String> token(Backend backend) {
    EntraTokenSource.Identity identity;
    try {
      identity = identity(backend);
    } catch (UpstreamCredentialsException e) {
      return Future.failedFuture(e);
    }
    EntraTokenSource source =
        sources.computeIfAbsent(identity, id -> new EntraTokenSource(id, vertx, http, clock));
    Future<String> token = source.token();
    Context caller = Vertx.currentContext();
    if (token.isComplete() || caller == null) {
      return token;
    }
    Promise<String> onCaller = Promise.promise();
    token.onComplete(result -> caller.runOnContext(v -> onCaller.handle(result)));
    return onCaller.future();
  }

  /** Who asks for the token: the backend's settings, else the proxy's environment. */
  EntraTokenSource.Identity identity(Backend backend) {
    EntraAuth entra = backend.entra();
    String tenant =
        entra.tenantId() != null ? entra.tenantId() : environment.tenantId().orElse(null);
    String client =
        entra.clientId() != null ? entra.clientId() : environment.clientId().orElse(null);
    URI authority = entra.authorityHost() != null ? entra.authorityHost() : environmentAuthority;
    String secret = backend.apiKey();
    String tokenFile = secret == null ? environment.federatedTokenFile().orElse(null) : null;
    if (tenant == null || client == null || (secret == null && tokenFile == null)) {
      throw new UpstreamCredentialsException(
          "Entra ID needs "
              + (tenant == null ? "a tenant (entra.tenantId or AZURE_TENANT_ID), " : "")
              + (client == null ? "a client id (entra.clientId or AZURE_CLIENT_ID), " : "")
              + (secret == null && tokenFile == null
                  ? "a client secret (credentialsSecretRef) or workload identity"
                      + " (AZURE_FEDERATED_TOKEN_FILE), "
                  : "")
              + "none of which the proxy has; see docs/providers.md, Azure OpenAI with Entra ID.");
    }
    return new EntraTokenSource.Identity(
        authority, tenant, client, entra.scope(), secret, tokenFile);
  }

  @PreDestroy
  void close() {
    http.close();
  }
}
