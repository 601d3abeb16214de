package io.tollgate.proxy.upstream.aws;

import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Starts SageMaker backends' calls through the AWS SDK: InvokeEndpoint for answers,
 * InvokeEndpointWithResponseStream for streams, the body in the container's payload format.
 */
@Singleton
public class SageMakerCalls {

  private final SageMakerClients clients;
  private final long idleTimeoutMillis;

  public SageMakerCalls(SageMakerClients clients, GatewayConfig config) {
    this.clients = clients;
    this.idleTimeoutMillis = config.upstream().idleTimeout().toMillis();
  }

  /** Starts the call; must run on the request's event loop, where all its callbacks come back. */
  public UpstreamCall open(UpstreamTarget target, UpstreamRequest request) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("SageMaker calls start on a Vert.x context");
    }
    long headTimeout =
        request.idleTimeout() == null ? idleTimeoutMillis : request.idleTimeout().toMillis();
    SageMakerCall call = new SageMakerCall(context, clients, target, request, headTimeout);
    call.start();
    return call;
  }
}
