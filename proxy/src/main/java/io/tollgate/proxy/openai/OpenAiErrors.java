package io.tollgate.proxy.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tollgate.proxy.http.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * Renders errors in OpenAI's shape: {@code {"error":{"message","type","param","code"}}} with all
 * four keys always present, as the official SDKs expect.
 */
public final class OpenAiErrors {

  private OpenAiErrors() {}

  public static Buffer body(GatewayError error) {
    StringBuilder json = new StringBuilder(160 + error.message().length());
    json.append("{\"error\":{\"message\":");
    string(json, error.message());
    json.append(",\"type\":");
    string(json, error.type());
    json.append(",\"param\":");
    string(json, error.param());
    json.append(",\"code\":");
    string(json, error.code());
    json.append("}}");
    return Buffer.buffer(json.toString());
  }

  /** An SSE event carrying an error, for failures after a stream has started. */
  public static Buffer sseEvent(GatewayError error) {
    return Buffer.buffer("data: ").appendBuffer(body(error)).appendString("\n\n");
  }

  private static void string(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, json);
    json.append('"');
  }
}
