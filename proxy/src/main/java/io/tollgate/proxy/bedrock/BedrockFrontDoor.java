package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.http.ClientResponses;
import io.tollgate.proxy.http.Exchange;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.http.RequestBodyReader;
import io.tollgate.proxy.openai.OpenAiProxy;
import io.tollgate.proxy.translate.BedrockToAnthropicTranslator;
import io.tollgate.proxy.translate.BedrockToOpenAiTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code POST /bedrock/model/{modelId}/converse} and {@code /converse-stream}: AWS SDK and boto3
 * clients pointed at {@code <gateway>/bedrock} with their gateway key as a Bedrock API key (bearer
 * token). {@code modelId} is the public model name, percent-decoded; the request is routed like any
 * other to any backend.
 */
@Singleton
public class BedrockFrontDoor {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiProxy proxy;
  private final ClientResponses responses;
  private final BedrockToOpenAiTranslator toOpenAi = new BedrockToOpenAiTranslator();
  private final BedrockToAnthropicTranslator toAnthropic;
  private final OpenAiToTgiTranslator toTgi;

  public BedrockFrontDoor(OpenAiProxy proxy, ClientResponses responses, Clock clock) {
    this.proxy = proxy;
    this.responses = responses;
    this.toAnthropic = new BedrockToAnthropicTranslator(clock);
    this.toTgi = new OpenAiToTgiTranslator(clock);
  }

  public void handle(RoutingContext ctx, boolean stream) {
    Exchange exchange = ctx.get(Exchange.KEY);
    // Vert.x decodes the path parameter, so an ARN's %3A and %2F arrive as ':' and '/'.
    String modelId = ctx.pathParam("modelId");
    JsonNode body;
    try {
      body = JSON.readTree(RequestBodyReader.body(ctx).getBytes());
    } catch (IOException e) {
      responses.error(
          ctx, GatewayError.badRequest("The request body is not valid JSON.", null, null));
      return;
    }
    if (body == null || !body.isObject()) {
      responses.error(
          ctx, GatewayError.badRequest("The request body must be a JSON object.", null, null));
      return;
    }
    long startNanos = exchange.startNanos;
    BedrockRequest request =
        new BedrockRequest(
            modelId, body, stream, () -> (System.nanoTime() - startNanos) / 1_000_000);
    proxy.route(ctx, new BedrockClientRequest(request, toOpenAi, toAnthropic, toTgi));
  }
}
