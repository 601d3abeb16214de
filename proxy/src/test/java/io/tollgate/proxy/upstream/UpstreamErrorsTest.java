package io.tollgate.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.http.GatewayError;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamErrorsTest {

  private static final String SECRET = "sk-upstream-secret-123";
  private static final UpstreamTarget TARGET =
      UpstreamTarget.of(
          new Backend(
              "primary",
              Provider.OPENAI,
              "gpt-4o-mini",
              URI.create("https://api.example/v1"),
              SECRET));

  private static GatewayError map(int status, String body, String retryAfter) {
    return UpstreamErrors.fromResponse(
        TARGET, "chat", status, body == null ? null : Buffer.buffer(body), retryAfter);
  }

  @Test
  void clientMistakesKeepTheProvidersMessage() {
    GatewayError error =
        map(
            400,
            "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}",
            null);
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.message()).isEqualTo("bad temperature");
    assertThat(error.param()).isEqualTo("temperature");
    assertThat(error.code()).isEqualTo("invalid_value");
  }

  @Test
  void rejectedGatewayCredentialsAreNotTheClientsFaultAndNeverLeak() {
    GatewayError error =
        map(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + SECRET + "\"}}", null);
    assertThat(error.status()).isEqualTo(502);
    assertThat(error.code()).isEqualTo("upstream_auth_failed");
    assertThat(error.message()).contains("backend 'primary'").doesNotContain(SECRET);
  }

  @Test
  void echoedCredentialsAreScrubbedFromPassedOnMessages() {
    GatewayError error = map(400, "{\"error\":{\"message\":\"key " + SECRET + " bad\"}}", null);
    assertThat(error.message()).isEqualTo("key *** bad");
  }

  @Test
  void rateLimitsKeepRetryAfter() {
    GatewayError error = map(429, "{\"error\":{\"message\":\"slow down\"}}", "2.5");
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.retryAfterSeconds()).isEqualTo(3L);
  }

  @Test
  void outagesMapToGatewayStatuses() {
    assertThat(map(500, "oops", null).status()).isEqualTo(502);
    assertThat(map(503, null, null).status()).isEqualTo(503);
    assertThat(map(504, null, null).status()).isEqualTo(504);
    assertThat(map(404, null, null).message()).contains("upstream model 'gpt-4o-mini'");
    assertThat(UpstreamErrors.fromFailure(TARGET, "chat", new ConnectException("refused")).code())
        .isEqualTo("upstream_unreachable");
    assertThat(UpstreamErrors.fromFailure(TARGET, "chat", new TimeoutException()).status())
        .isEqualTo(504);
  }
}
