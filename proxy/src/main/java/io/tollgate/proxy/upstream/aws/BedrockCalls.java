package io.tollgate.proxy.upstream.aws;

import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Starts Bedrock backends' calls through the AWS SDK: Converse for answers, ConverseStream for
 * streams. The request body is a Converse request in Bedrock's JSON, which every pair produces (or
 * a Bedrock client sent); the answer comes back in Bedrock's JSON, and a stream as its events, each
 * written {@code event: <type>} / {@code data: <json>} like a server-sent event, so the relays and
 * golden files read them as they read every other stream.
 */
@Singleton
public class BedrockCalls {

  private final BedrockClients clients;
  private final long idleTimeoutMillis;

  public BedrockCalls(BedrockClients clients, GatewayConfig config) {
    this.clients = clients;
    this.idleTimeoutMillis = config.upstream().idleTimeout().toMillis();
  }

  /** Starts the call; must run on the request's event loop, where all its callbacks come back. */
  public UpstreamCall open(UpstreamTarget target, UpstreamRequest request) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("Bedrock calls start on a Vert.x context");
    }
    long headTimeout =
        request.idleTimeout() == null ? idleTimeoutMillis : request.idleTimeout().toMillis();
    BedrockCall call = new BedrockCall(context, clients, target, request, headTimeout);
    call.start();
    return call;
  }
}
