package io.tollgate.proxy.upstream;

import io.tollgate.proxy.upstream.aws.AwsCalls;
import io.tollgate.proxy.upstream.azure.EntraTokens;
import jakarta.inject.Singleton;

/**
 * Opens an attempt's upstream call the way its backend's provider is reached: through the AWS SDK
 * for Bedrock and SageMaker, over the gateway's HTTP client for every other provider.
 */
@Singleton
public class UpstreamCalls {

  private final UpstreamClient http;
  private final AwsCalls aws;
  private final EntraTokens entra;

  public UpstreamCalls(UpstreamClient http, AwsCalls aws, EntraTokens entra) {
    this.http = http;
    this.aws = aws;
    this.entra = entra;
  }

  /** Starts the call; must run on the request's event loop. */
  public UpstreamCall open(UpstreamTarget target, UpstreamRequest request) {
    return switch (target.backend().provider()) {
      case BEDROCK, SAGEMAKER -> aws.open(target, request);
      case AZURE_OPENAI ->
          new HttpUpstreamCall(
              http,
              target,
              request,
              target.backend().entra() == null ? null : entra.token(target.backend()));
      case OPENAI, OPENAI_COMPATIBLE, ANTHROPIC ->
          new HttpUpstreamCall(http, target, request, null);
    };
  }
}
