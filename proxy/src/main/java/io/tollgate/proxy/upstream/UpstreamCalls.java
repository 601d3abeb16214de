package io.tollgate.proxy.upstream;

import io.tollgate.proxy.upstream.aws.BedrockCalls;
import jakarta.inject.Singleton;

/**
 * Opens an attempt's upstream call the way its backend's provider is reached: through the AWS SDK
 * for Bedrock, over the gateway's HTTP client for every other provider.
 */
@Singleton
public class UpstreamCalls {

  private final UpstreamClient http;
  private final BedrockCalls bedrock;

  public UpstreamCalls(UpstreamClient http, BedrockCalls bedrock) {
    this.http = http;
    this.bedrock = bedrock;
  }

  /** Starts the call; must run on the request's event loop. */
  public UpstreamCall open(UpstreamTarget target, UpstreamRequest request) {
    return switch (target.backend().provider()) {
      case BEDROCK -> bedrock.open(target, request);
      case OPENAI, OPENAI_COMPATIBLE, AZURE_OPENAI, ANTHROPIC ->
          new HttpUpstreamCall(http, target, request);
    };
  }
}
