package io.tollgate.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process fake of Microsoft Entra ID's token endpoint, {@code POST
 * /{tenant}/oauth2/v2.0/token}, for the client-credentials grant with a client secret or a client
 * assertion (workload identity). Issues {@code fake-entra-token-<n>} tokens, records every form it
 * got, and answers Entra's error shape ({@code error}, {@code error_description} with an AADSTS
 * code) when told to fail or when the form is incomplete.
 */
public final class FakeEntra implements AutoCloseable {

  /** One token request as received. */
  public record TokenRequest(String tenant, Map<String, String> form) {}

  private final FakeServer server;
  private final List<TokenRequest> requests = new ArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile long expiresInSeconds = 3599;
  private volatile String lastToken;
  private volatile String tokenValue;

  private FakeEntra() {
    this.server = FakeServer.start("127.0.0.1", 0, 1, false, (vertx, closing) -> this::handle);
  }

  public static FakeEntra start() {
    return new FakeEntra();
  }

  /** The authority host to configure, e.g. {@code http://127.0.0.1:40123}. */
  public String authorityHost() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The lifetime of the tokens issued from now on. */
  public void setExpiresIn(long seconds) {
    expiresInSeconds = seconds;
  }

  /** Issue {@code token} from now on, instead of numbered tokens (null: numbered again). */
  public void setTokenValue(String token) {
    tokenValue = token;
  }

  /** The next {@code count} token requests get 401 {@code invalid_client}. */
  public void failNext(int count) {
    failures.set(count);
  }

  /** The token issued last, or null. */
  public String lastToken() {
    return lastToken;
  }

  public synchronized List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized void reset() {
    requests.clear();
    failures.set(0);
    expiresInSeconds = 3599;
    tokenValue = null;
  }

  private void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              String path = req.path();
              String suffix = "/oauth2/v2.0/token";
              if (req.method() != HttpMethod.POST || !path.endsWith(suffix) || path.length() < 2) {
                error(req, 404, "invalid_request", "AADSTS90002: Tenant not found.");
                return;
              }
              String tenant = path.substring(1, path.length() - suffix.length());
              Map<String, String> form = form(body.toString(StandardCharsets.UTF_8));
              synchronized (this) {
                requests.add(new TokenRequest(tenant, form));
              }
              if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(
                    req,
                    401,
                    "invalid_client",
                    "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: fake");
                return;
              }
              boolean secret = form.containsKey("client_secret");
              boolean assertion =
                  "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                          .equals(form.get("client_assertion_type"))
                      && form.containsKey("client_assertion");
              if (!"client_credentials".equals(form.get("grant_type"))
                  || form.get("client_id") == null
                  || form.get("scope") == null
                  || !(secret || assertion)) {
                error(
                    req,
                    400,
                    "invalid_request",
                    "AADSTS900144: The request body must contain the grant, client_id, scope and"
                        + " a client secret or assertion.");
                return;
              }
              int n = issued.incrementAndGet();
              String token = tokenValue != null ? tokenValue : "fake-entra-token-" + n;
              lastToken = token;
              ObjectNode answer =
                  Json.MAPPER
                      .createObjectNode()
                      .put("token_type", "Bearer")
                      .put("expires_in", expiresInSeconds)
                      .put("ext_expires_in", expiresInSeconds)
                      .put("access_token", token);
              req.response()
                  .putHeader("content-type", "application/json; charset=utf-8")
                  .end(answer.toString());
            });
  }

  private static void error(HttpServerRequest req, int status, String error, String description) {
    ObjectNode body =
        Json.MAPPER
            .createObjectNode()
            .put("error", error)
            .put("error_description", description)
            .put("error_codes", "[]")
            .put("trace_id", "fake");
    req.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(body.toString());
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.close();
  }
}
