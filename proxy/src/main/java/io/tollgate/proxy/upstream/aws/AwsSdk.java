package io.tollgate.proxy.upstream.aws;

import io.tollgate.proxy.config.GatewayConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * What the proxy's AWS clients share: the SDK's Netty HTTP clients (their own event loops; no read
 * timeout, as the gateway's timers govern) and one default credential chain (IRSA / web identity,
 * EKS Pod Identity, environment, profile), from which assumed roles start. Every client is set up
 * alike: no SDK retries (the route's retry policy retries) and completions run on the SDK's thread,
 * since they only hop to the request's event loop.
 */
@Singleton
public class AwsSdk {

  /** The session name of assumed roles, as CloudTrail shows it. */
  static final String ROLE_SESSION_NAME = "tollgate";

  private final GatewayConfig.Upstream settings;
  private SdkAsyncHttpClient http2;
  private SdkAsyncHttpClient http1;
  private DefaultCredentialsProvider defaultCredentials;

  @Inject
  public AwsSdk(GatewayConfig config) {
    this(config.upstream());
  }

  AwsSdk(GatewayConfig.Upstream settings) {
    this.settings = settings;
  }

  /**
   * The HTTP client for an endpoint: with {@code http2}, HTTP/2 negotiated by ALPN over TLS (as the
   * SDK speaks to Bedrock), otherwise — and always to a plain-http {@code baseUrl}, such as a local
   * fake or proxy — HTTP/1.1.
   */
  synchronized SdkAsyncHttpClient httpClient(URI endpoint, boolean http2) {
    boolean plain = endpoint != null && "http".equals(endpoint.getScheme());
    if (http2 && !plain) {
      if (this.http2 == null) {
        this.http2 =
            netty().protocol(Protocol.HTTP2).protocolNegotiation(ProtocolNegotiation.ALPN).build();
      }
      return this.http2;
    }
    if (http1 == null) {
      http1 = netty().protocol(Protocol.HTTP1_1).build();
    }
    return http1;
  }

  private NettyNioAsyncHttpClient.Builder netty() {
    return NettyNioAsyncHttpClient.builder()
        .maxConcurrency(settings.maxConnectionsPerHost())
        .connectionTimeout(settings.connectTimeout())
        .connectionMaxIdleTime(settings.keepAliveTimeout())
        .readTimeout(Duration.ZERO);
  }

  /** Sets up a client builder the proxy's way: region, HTTP client, endpoint, no retries. */
  <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(
      B builder, AwsClientPool.Key key, boolean http2) {
    builder
        .region(Region.of(key.region()))
        .httpClient(httpClient(key.endpoint(), http2))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .asyncConfiguration(
            a ->
                a.advancedOption(
                    SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run));
    if (key.endpoint() != null) {
      builder.endpointOverride(key.endpoint());
    }
    return builder;
  }

  /**
   * SigV4 credentials for a client: the default chain, or a role assumed from it through STS and
   * refreshed in the background; what must close with the client is added to {@code resources}.
   */
  AwsCredentialsProvider credentials(
      String region, String roleArn, List<SdkAutoCloseable> resources) {
    if (roleArn == null) {
      return defaultCredentials();
    }
    StsClient sts =
        StsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(defaultCredentials())
            .build();
    StsAssumeRoleCredentialsProvider role =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(ROLE_SESSION_NAME))
            .asyncCredentialUpdateEnabled(true)
            .build();
    resources.add(role);
    resources.add(sts);
    return role;
  }

  private synchronized AwsCredentialsProvider defaultCredentials() {
    if (defaultCredentials == null) {
      defaultCredentials =
          DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }
    return defaultCredentials;
  }

  @PreDestroy
  synchronized void close() {
    if (defaultCredentials != null) {
      defaultCredentials.close();
    }
    if (http2 != null) {
      http2.close();
    }
    if (http1 != null) {
      http1.close();
    }
  }
}
