package io.tollgate.proxy.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.AwsAccess;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** One SDK client per (region, endpoint, key, role), kept while configured or in use. */
class BedrockClientsTest {

  private final Vertx vertx = Vertx.vertx();
  private final AwsSdk sdk = new AwsSdk(new Settings());
  private final BedrockClients clients = new BedrockClients(vertx, sdk, new SnapshotHolder());

  @AfterEach
  void close() {
    clients.close();
    sdk.close();
    vertx.close();
  }

  private static Backend backend(String name, String apiKey) {
    return new Backend(
        name,
        Provider.BEDROCK,
        "amazon.nova-lite-v1:0",
        URI.create("http://127.0.0.1:9"),
        apiKey,
        1,
        0,
        BackendCapacity.UNLIMITED,
        null,
        null,
        new AwsAccess("us-east-1", null));
  }

  private static ServingSnapshot serving(Backend... backends) {
    Route route = new Route("claude", "default/claude", List.of(backends));
    return new ServingSnapshot(
        new Snapshot(1, "0".repeat(64), Map.of("claude", route), Map.of()), Instant.EPOCH);
  }

  @Test
  void backendsThatCallAlikeShareAClient() {
    AwsClientPool.Lease<BedrockRuntimeAsyncClient> first = clients.lease(backend("a", "key-1"));
    AwsClientPool.Lease<BedrockRuntimeAsyncClient> again = clients.lease(backend("b", "key-1"));
    AwsClientPool.Lease<BedrockRuntimeAsyncClient> other = clients.lease(backend("c", "key-2"));

    assertThat(again.client()).isSameAs(first.client());
    assertThat(other.client()).isNotSameAs(first.client());
    assertThat(clients.size()).isEqualTo(2);
  }

  @Test
  void aClientNoLongerConfiguredIsClosedOnceNoCallHoldsIt() {
    Backend kept = backend("a", "key-1");
    Backend rotated = backend("a", "key-old");
    clients.lease(kept).release();
    AwsClientPool.Lease<BedrockRuntimeAsyncClient> inFlight = clients.lease(rotated);

    clients.sweep(serving(kept));
    assertThat(clients.size()).isEqualTo(2);

    inFlight.release();
    inFlight.release(); // idempotent
    clients.sweep(serving(kept));
    assertThat(clients.size()).isEqualTo(1);
    assertThat(clients.lease(rotated).client()).isNotSameAs(inFlight.client());
  }

  /** The proxy's upstream defaults. */
  private static final class Settings implements GatewayConfig.Upstream {
    @Override
    public int maxConnectionsPerHost() {
      return 16;
    }

    @Override
    public Duration connectTimeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public Duration idleTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    public Duration keepAliveTimeout() {
      return Duration.ofSeconds(60);
    }

    @Override
    public long maxResponseBytes() {
      return 1 << 20;
    }
  }
}
