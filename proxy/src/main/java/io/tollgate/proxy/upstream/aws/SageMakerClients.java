package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.config.SnapshotHolder;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SageMaker Runtime clients of the proxy (see {@link AwsClientPool}): SigV4 with the proxy's
 * AWS identity or an assumed role, over HTTP/1.1 (SageMaker Runtime's event streams are HTTP/1.1
 * chunked responses).
 */
@Singleton
public class SageMakerClients extends AwsClientPool<SageMakerRuntimeAsyncClient> {

  private final AwsSdk sdk;

  public SageMakerClients(Vertx vertx, AwsSdk sdk, SnapshotHolder snapshots) {
    super(vertx, snapshots, Provider.SAGEMAKER);
    this.sdk = sdk;
  }

  @Override
  Built<SageMakerRuntimeAsyncClient> build(Key key) {
    List<SdkAutoCloseable> resources = resources();
    SageMakerRuntimeAsyncClient client =
        sdk.configure(SageMakerRuntimeAsyncClient.builder(), key, false)
            .credentialsProvider(sdk.credentials(key.region(), key.roleArn(), resources))
            .build();
    return new Built<>(client, resources);
  }

  @PreDestroy
  void close() {
    closeAll();
  }
}
