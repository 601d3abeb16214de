package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Backend;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;

/**
 * One client request on its way to one kind of backend and back: the upstream path, the request
 * body, the answer and the stream, each in the right schema. One implementation per (client schema
 * × backend schema) pair, bound to the request it carries; the OpenAI-to-OpenAI one passes bytes
 * through.
 */
public interface BackendDialect {

  /**
   * The path after the backend's base URL, e.g. {@code /chat/completions}; for backends reached
   * through a provider SDK (Bedrock), the operation, e.g. {@code /converse}.
   */
  String path();

  /**
   * The upstream request body for {@code backend}, naming its {@link Backend#bodyModel()} where the
   * schema has a model field (null when the call names the model, or the container serves only
   * one). Throws {@link io.tollgate.proxy.translate.TranslationException} when the request asks for
   * something this backend cannot honour.
   */
  Buffer requestBody(Backend backend);

  /** Adds request headers this pair needs beyond the backend's own (auth, version). */
  default void decorate(HttpClientRequest upstream) {}

  /**
   * The client's answer for a successful upstream body, with the usage it reports. May throw a
   * {@link RuntimeException} when the upstream body cannot be expressed in the client's schema.
   */
  Answer response(Buffer upstream, String clientModel);

  /** A fresh relay for one streamed response. */
  StreamRelay stream(String clientModel);

  /** A whole answer in the client's schema and the token usage the upstream reported (or null). */
  record Answer(Buffer body, Usage usage) {}

  /** Turns upstream stream bytes into the client's stream bytes, remembering the usage. */
  interface StreamRelay {
    /** Client bytes for an upstream chunk (possibly empty). */
    Buffer accept(Buffer upstream);

    /** Client bytes when the upstream ended. */
    Buffer end();

    /** The usage reported so far, or null. */
    Usage usage();

    /**
     * Reports the answer's cost in the usage the client receives at the end of the stream, at this
     * price ({@code usage.cost} in USD, where the client schema has room for it); null for none.
     */
    default void priceWith(io.tollgate.config.snapshot.Pricing pricing) {}

    /** The content type of the client's stream. */
    default String contentType() {
      return "text/event-stream";
    }
  }
}
