package io.tollgate.proxy.http;

import io.tollgate.proxy.openai.OpenAiClientSchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * How a client schema (OpenAI, Anthropic Messages, Bedrock Converse) expresses a {@link
 * GatewayError}: the status it uses for it, its headers and body, and how a stream that already
 * started ends with one. Each front door sets its schema on the request before anything can fail,
 * so even a bad key is answered in the shape the client's SDK understands.
 */
public interface ClientSchema {

  /** Key under which a front door stores its schema in the routing context. */
  String KEY = "tollgate.client-schema";

  /**
   * Writes the error's status, content type, schema-specific headers and body, ending the response.
   * The status may differ from {@link GatewayError#status()} where the schema has its own
   * (Anthropic answers overload with 529).
   */
  void writeError(HttpServerResponse response, GatewayError error);

  /** The bytes that end a stream which already started, carrying the error in-band. */
  Buffer streamError(GatewayError error);

  /** The schema of the request's front door; OpenAI's when none was set. */
  static ClientSchema of(RoutingContext ctx) {
    ClientSchema schema = ctx.get(KEY);
    return schema != null ? schema : OpenAiClientSchema.INSTANCE;
  }
}
