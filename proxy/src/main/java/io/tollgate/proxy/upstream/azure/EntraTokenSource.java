package io.tollgate.proxy.upstream.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.upstream.UpstreamCredentialsException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The access tokens of one Entra identity, from the token endpoint's client-credentials grant: with
 * a client secret, or with the workload identity's federated token as the client assertion (read
 * afresh for every fetch, as the kubelet rotates it). A token is refreshed in the background ahead
 * of its expiry (five minutes, or half its life if shorter) while requests keep using it; one fetch
 * at a time; after a failed fetch, requests that have no valid token fail fast for a moment rather
 * than hammer the endpoint. Safe for any thread.
 */
final class EntraTokenSource {

  private static final Logger LOG = Logger.getLogger(EntraTokenSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long REFRESH_AHEAD_MILLIS = 5 * 60_000;
  private static final long FAILURE_HOLD_MILLIS = 2_000;
  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** Who asks; the secret never appears in logs or messages. */
  record Identity(
      URI authority,
      String tenant,
      String clientId,
      String scope,
      String clientSecret,
      String federatedTokenFile) {

    URI tokenEndpoint() {
      return URI.create(
          authority
              + "/"
              + URLEncoder.encode(tenant, StandardCharsets.UTF_8)
              + "/oauth2/v2.0/token");
    }

    @Override
    public String toString() {
      return "Identity[" + tokenEndpoint() + ", client=" + clientId + ", scope=" + scope + "]";
    }
  }

  private record Token(String value, long expiresAt, long refreshAt) {}

  private final Identity identity;
  private final Vertx vertx;
  private final HttpClient http;
  private final Clock clock;
  private volatile Token current;
  private Future<String> inFlight; // guarded by this
  private UpstreamCredentialsException lastFailure; // guarded by this
  private long failedAt = Long.MIN_VALUE; // guarded by this

  EntraTokenSource(Identity identity, Vertx vertx, HttpClient http, Clock clock) {
    this.identity = identity;
    this.vertx = vertx;
    this.http = http;
    this.clock = clock;
  }

  /** A valid token now, or the fetch every waiting request shares. */
  Future<String> token() {
    long now = clock.millis();
    Token token = current;
    if (token != null && now < token.expiresAt()) {
      if (now >= token.refreshAt()) {
        fetch(now);
      }
      return Future.succeededFuture(token.value());
    }
    return fetch(now);
  }

  private synchronized Future<String> fetch(long now) {
    if (inFlight != null) {
      return inFlight;
    }
    if (lastFailure != null && now - failedAt < FAILURE_HOLD_MILLIS) {
      return Future.failedFuture(lastFailure);
    }
    Promise<String> fetched = Promise.promise();
    inFlight = fetched.future();
    assertionForm()
        .compose(this::post)
        .onComplete(
            result -> {
              UpstreamCredentialsException failure =
                  result.succeeded() ? null : credentialsFailure(result.cause());
              synchronized (this) {
                inFlight = null;
                lastFailure = failure;
                failedAt = clock.millis();
              }
              if (failure == null) {
                fetched.complete(result.result());
              } else {
                LOG.warnf("%s", failure.getMessage());
                fetched.fail(failure);
              }
            });
    return inFlight;
  }

  private UpstreamCredentialsException credentialsFailure(Throwable cause) {
    if (cause instanceof UpstreamCredentialsException known) {
      return known;
    }
    return new UpstreamCredentialsException(
        "Entra token request to " + identity.tokenEndpoint() + " failed: " + cause.getMessage());
  }

  /** The form of the client-credentials grant, the client's proof last. */
  private Future<String> assertionForm() {
    StringBuilder form =
        new StringBuilder("grant_type=client_credentials")
            .append("&client_id=")
            .append(encode(identity.clientId()))
            .append("&scope=")
            .append(encode(identity.scope()));
    if (identity.clientSecret() != null) {
      return Future.succeededFuture(
          form.append("&client_secret=").append(encode(identity.clientSecret())).toString());
    }
    return vertx
        .fileSystem()
        .readFile(identity.federatedTokenFile())
        .recover(
            failure ->
                Future.failedFuture(
                    new UpstreamCredentialsException(
                        "the workload identity token "
                            + identity.federatedTokenFile()
                            + " cannot be read ("
                            + failure.getMessage()
                            + "); is the pod labelled azure.workload.identity/use: \"true\"?")))
        .map(
            assertion ->
                form.append("&client_assertion_type=")
                    .append(encode(JWT_BEARER))
                    .append("&client_assertion=")
                    .append(encode(assertion.toString(StandardCharsets.UTF_8).strip()))
                    .toString());
  }

  private Future<String> post(String form) {
    URI endpoint = identity.tokenEndpoint();
    boolean ssl = "https".equals(endpoint.getScheme());
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(endpoint.getHost())
            .setPort(endpoint.getPort() != -1 ? endpoint.getPort() : ssl ? 443 : 80)
            .setSsl(ssl)
            .setURI(endpoint.getRawPath())
            .setTimeout(15_000)
            .putHeader("content-type", "application/x-www-form-urlencoded")
            .putHeader("accept", "application/json");
    long sentAt = clock.millis();
    return http.request(request)
        .compose(r -> r.send(form))
        .compose(
            response -> response.body().map(body -> read(response.statusCode(), body, sentAt)));
  }

  /** The token from the endpoint's answer, remembered; or the endpoint's own words as a failure. */
  private String read(int status, Buffer body, long sentAt) {
    JsonNode json;
    try {
      json = JSON.readTree(body.getBytes());
    } catch (IOException e) {
      json = null;
    }
    String token = json == null ? null : json.path("access_token").asText(null);
    if (status != 200 || token == null) {
      String reason =
          json == null
              ? body.length() > 200 ? body.getString(0, 200) : body.toString()
              : json.path("error").asText("no access_token")
                  + ": "
                  + json.path("error_description").asText("").lines().findFirst().orElse("");
      throw new UpstreamCredentialsException(
          "Entra token request to "
              + identity.tokenEndpoint()
              + " failed: HTTP "
              + status
              + " "
              + reason);
    }
    long lifetimeMillis = json.path("expires_in").asLong(3600) * 1000;
    long expiresAt = sentAt + lifetimeMillis;
    long refreshAt = expiresAt - Math.min(REFRESH_AHEAD_MILLIS, lifetimeMillis / 2);
    current = new Token(token, expiresAt, refreshAt);
    return token;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
