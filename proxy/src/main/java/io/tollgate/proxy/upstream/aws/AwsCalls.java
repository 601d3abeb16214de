package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Starts the calls of backends reached through the AWS SDK. Bedrock: Converse for answers,
 * ConverseStream for streams; the body is a Converse request in Bedrock's JSON, and a stream comes
 * back as its events, each written {@code event: <type>} / {@code data: <json>} like a server-sent
 * event, so the relays and golden files read them as they read every other stream. SageMaker:
 * InvokeEndpoint and InvokeEndpointWithResponseStream, the body and the answer in the container's
 * payload format.
 */
@Singleton
public class AwsCalls {

  private final BedrockClients bedrock;
  private final SageMakerClients sagemaker;

  public AwsCalls(BedrockClients bedrock, SageMakerClients sagemaker) {
    this.bedrock = bedrock;
    this.sagemaker = sagemaker;
  }

  /** Starts the call; must run on the request's event loop, where all its callbacks come back. */
  public UpstreamCall open(UpstreamTarget target, UpstreamRequest request) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("AWS SDK calls start on a Vert.x context");
    }
    AwsSdkCall call =
        target.backend().provider() == Provider.SAGEMAKER
            ? new SageMakerCall(context, sagemaker, target, request)
            : new BedrockCall(context, bedrock, target, request);
    call.start();
    return call;
  }
}
