package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.config.SnapshotHolder;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The Bedrock Runtime clients of the proxy (see {@link AwsClientPool}): HTTP/2 over TLS, as the SDK
 * itself speaks to Bedrock; SigV4 with the proxy's AWS identity or an assumed role, or a Bedrock
 * API key as a bearer token.
 */
@Singleton
public class BedrockClients extends AwsClientPool<BedrockRuntimeAsyncClient> {

  private final AwsSdk sdk;

  public BedrockClients(Vertx vertx, AwsSdk sdk, SnapshotHolder snapshots) {
    super(vertx, snapshots, Provider.BEDROCK);
    this.sdk = sdk;
  }

  @Override
  Built<BedrockRuntimeAsyncClient> build(Key key) {
    List<SdkAutoCloseable> resources = resources();
    BedrockRuntimeAsyncClientBuilder builder =
        sdk.configure(BedrockRuntimeAsyncClient.builder(), key, true);
    if (key.apiKey() != null) {
      // A Bedrock API key: a bearer token instead of signing.
      String token = key.apiKey();
      builder
          .tokenProvider(StaticTokenProvider.create(() -> token))
          .authSchemeProvider(
              BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
          .credentialsProvider(AnonymousCredentialsProvider.create());
    } else {
      builder.credentialsProvider(sdk.credentials(key.region(), key.roleArn(), resources));
    }
    return new Built<>(builder.build(), resources);
  }

  @PreDestroy
  void close() {
    closeAll();
  }
}
