package io.tollgate.proxy.openai;

import io.tollgate.proxy.http.ClientSchema;
import io.tollgate.proxy.http.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** OpenAI's error shape, {@code {"error":{...}}}, with the gateway's status as it is. */
public enum OpenAiClientSchema implements ClientSchema {
  INSTANCE;

  @Override
  public void writeError(HttpServerResponse response, GatewayError error) {
    response
        .setStatusCode(error.status())
        .putHeader("content-type", "application/json")
        .end(OpenAiErrors.body(error));
  }

  @Override
  public Buffer streamError(GatewayError error) {
    return OpenAiErrors.sseEvent(error);
  }
}
