package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The Bedrock Runtime clients of the proxy: one per (region, endpoint, API key, role), built on
 * first use and kept, since a client is costly to build. All share the SDK's Netty HTTP client (its
 * own event loops; no read timeout, as the gateway's timers govern): HTTP/2 negotiated by ALPN over
 * TLS, as the SDK itself speaks to Bedrock, and HTTP/1.1 to a plain-http {@code baseUrl} (local
 * fakes and proxies). SigV4 clients share one default credential chain (IRSA / web identity, EKS
 * Pod Identity, environment, profile). The SDK never retries: the route's retry policy does.
 *
 * <p>Clients are leased per call; once a snapshot no longer names a client's backend and no call
 * holds it, a periodic sweep closes it (key rotation and removed backends leave nothing behind).
 * Building a client and resolving credentials may block (STS, instance metadata), so {@link #lease}
 * is called off the event loops.
 */
@Singleton
public class BedrockClients {

  /** The session name of assumed roles, as CloudTrail shows it. */
  static final String ROLE_SESSION_NAME = "tollgate";

  private static final Logger LOG = Logger.getLogger(BedrockClients.class);
  private static final long SWEEP_MILLIS = 60_000;

  private final Vertx vertx;
  private final GatewayConfig.Upstream settings;
  private final SdkAsyncHttpClient https;
  private SdkAsyncHttpClient plainHttp;
  private final Map<Key, Entry> clients = new ConcurrentHashMap<>();
  private final long sweepTimer;
  private DefaultCredentialsProvider defaultCredentials;

  @Inject
  public BedrockClients(Vertx vertx, GatewayConfig config, SnapshotHolder snapshots) {
    this(vertx, config.upstream(), snapshots);
  }

  BedrockClients(Vertx vertx, GatewayConfig.Upstream settings, SnapshotHolder snapshots) {
    this.vertx = vertx;
    this.settings = settings;
    this.https =
        httpClient().protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN).build();
    this.sweepTimer =
        vertx.setPeriodic(
            SWEEP_MILLIS, id -> vertx.executeBlocking(() -> sweep(snapshots.current()), false));
  }

  private NettyNioAsyncHttpClient.Builder httpClient() {
    return NettyNioAsyncHttpClient.builder()
        .maxConcurrency(settings.maxConnectionsPerHost())
        .connectionTimeout(settings.connectTimeout())
        .connectionMaxIdleTime(settings.keepAliveTimeout())
        .readTimeout(Duration.ZERO);
  }

  private synchronized SdkAsyncHttpClient plainHttp() {
    if (plainHttp == null) {
      plainHttp = httpClient().protocol(Protocol.HTTP1_1).build();
    }
    return plainHttp;
  }

  /** Who a client calls as and where: the backend fields that make clients differ. */
  record Key(String region, URI endpoint, String apiKey, String roleArn) {
    static Key of(Backend backend) {
      return new Key(
          backend.aws().region(), backend.baseUrl(), backend.apiKey(), backend.aws().roleArn());
    }

    @Override
    public String toString() {
      return "Key[region=" + region + ", endpoint=" + endpoint + ", role=" + roleArn + "]";
    }
  }

  /** A client and how many calls hold it; closed only when none does. */
  static final class Lease {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    BedrockRuntimeAsyncClient client() {
      return entry.client;
    }

    /** Gives the client back; safe to call more than once. */
    void release() {
      synchronized (entry) {
        if (!released) {
          released = true;
          entry.inFlight--;
        }
      }
    }
  }

  private static final class Entry {
    final BedrockRuntimeAsyncClient client;
    final List<SdkAutoCloseable> resources;
    int inFlight;
    boolean closed;

    Entry(BedrockRuntimeAsyncClient client, List<SdkAutoCloseable> resources) {
      this.client = client;
      this.resources = resources;
    }
  }

  /** The client for a bedrock backend, held until {@link Lease#release()}. May block. */
  Lease lease(Backend backend) {
    Key key = Key.of(backend);
    while (true) {
      Entry entry = clients.computeIfAbsent(key, this::build);
      synchronized (entry) {
        if (!entry.closed) {
          entry.inFlight++;
          return new Lease(entry);
        }
      }
      clients.remove(key, entry);
    }
  }

  private Entry build(Key key) {
    List<SdkAutoCloseable> resources = new ArrayList<>();
    BedrockRuntimeAsyncClientBuilder builder =
        BedrockRuntimeAsyncClient.builder()
            .region(Region.of(key.region()))
            .httpClient(
                key.endpoint() != null && "http".equals(key.endpoint().getScheme())
                    ? plainHttp()
                    : https)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            // Completions only hop to the request's event loop: no need for the SDK's own pool.
            .asyncConfiguration(
                a ->
                    a.advancedOption(
                        SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run));
    if (key.endpoint() != null) {
      builder.endpointOverride(key.endpoint());
    }
    if (key.apiKey() != null) {
      // A Bedrock API key: a bearer token instead of SigV4.
      String token = key.apiKey();
      builder
          .tokenProvider(StaticTokenProvider.create(() -> token))
          .authSchemeProvider(
              BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
          .credentialsProvider(AnonymousCredentialsProvider.create());
    } else if (key.roleArn() != null) {
      StsClient sts =
          StsClient.builder()
              .region(Region.of(key.region()))
              .credentialsProvider(defaultCredentials())
              .build();
      StsAssumeRoleCredentialsProvider role =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(r -> r.roleArn(key.roleArn()).roleSessionName(ROLE_SESSION_NAME))
              .asyncCredentialUpdateEnabled(true)
              .build();
      resources.add(role);
      resources.add(sts);
      builder.credentialsProvider(role);
    } else {
      builder.credentialsProvider(defaultCredentials());
    }
    BedrockRuntimeAsyncClient client = builder.build();
    LOG.debugf("Bedrock client for %s built", key);
    return new Entry(client, resources);
  }

  private synchronized AwsCredentialsProvider defaultCredentials() {
    if (defaultCredentials == null) {
      defaultCredentials =
          DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }
    return defaultCredentials;
  }

  /** Closes the clients the serving snapshot no longer names, once no call holds them. */
  Void sweep(ServingSnapshot serving) {
    if (serving == null) {
      return null;
    }
    Set<Key> live = new HashSet<>();
    for (Route route : serving.snapshot().routes().values()) {
      for (Backend backend : route.backends()) {
        if (backend.provider() == Provider.BEDROCK) {
          live.add(Key.of(backend));
        }
      }
    }
    clients.forEach(
        (key, entry) -> {
          if (live.contains(key)) {
            return;
          }
          synchronized (entry) {
            if (entry.inFlight > 0) {
              return;
            }
            entry.closed = true;
          }
          clients.remove(key, entry);
          close(entry);
        });
    return null;
  }

  /** How many clients are open (tests). */
  int size() {
    return clients.size();
  }

  private static void close(Entry entry) {
    entry.client.close();
    entry.resources.forEach(SdkAutoCloseable::close);
  }

  @PreDestroy
  void close() {
    vertx.cancelTimer(sweepTimer);
    clients.values().forEach(BedrockClients::close);
    clients.clear();
    synchronized (this) {
      if (defaultCredentials != null) {
        defaultCredentials.close();
      }
      if (plainHttp != null) {
        plainHttp.close();
      }
    }
    https.close();
  }
}
