package io.tollgate.proxy.anthropic;

import io.tollgate.proxy.http.ClientResponses;
import io.tollgate.proxy.http.GatewayError;
import io.tollgate.proxy.http.RequestBodyReader;
import io.tollgate.proxy.openai.InvalidRequestException;
import io.tollgate.proxy.openai.OpenAiProxy;
import io.tollgate.proxy.translate.AnthropicToBedrockTranslator;
import io.tollgate.proxy.translate.AnthropicToOpenAiTranslator;
import io.tollgate.proxy.translate.OpenAiToTgiTranslator;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * {@code POST /v1/messages}: Anthropic Messages clients, routed like any request (key, allow-list,
 * limits, retries, fallbacks, metrics) to any backend. The {@code anthropic-version} header is
 * accepted whatever its date and not required: the gateway speaks one version upstream.
 */
@Singleton
public class AnthropicFrontDoor {

  private final OpenAiProxy proxy;
  private final ClientResponses responses;
  private final AnthropicToOpenAiTranslator toOpenAi = new AnthropicToOpenAiTranslator();
  private final AnthropicToBedrockTranslator toBedrock;
  private final OpenAiToTgiTranslator toTgi;

  public AnthropicFrontDoor(OpenAiProxy proxy, ClientResponses responses, Clock clock) {
    this.proxy = proxy;
    this.responses = responses;
    this.toBedrock = new AnthropicToBedrockTranslator(clock);
    this.toTgi = new OpenAiToTgiTranslator(clock);
  }

  public void handle(RoutingContext ctx) {
    AnthropicRequest request;
    try {
      request = AnthropicRequest.parse(RequestBodyReader.body(ctx));
    } catch (InvalidRequestException e) {
      responses.error(ctx, GatewayError.badRequest(e.getMessage(), e.param(), e.code()));
      return;
    }
    String beta = ctx.request().getHeader("anthropic-beta");
    proxy.route(ctx, new AnthropicClientRequest(request, beta, toOpenAi, toBedrock, toTgi));
  }
}
