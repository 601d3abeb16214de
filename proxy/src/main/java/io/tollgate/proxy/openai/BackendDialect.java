package io.tollgate.proxy.openai;

import io.vertx.core.buffer.Buffer;

/**
 * What an OpenAI-schema request needs to reach one kind of backend and come back in OpenAI's
 * schema: the upstream path, the request body, the response body and the stream. One implementation
 * per backend schema; the OpenAI one passes bytes through.
 */
interface BackendDialect {

  /** The path after the backend's base URL, or null when the backend has no such operation. */
  String path(OpenAiOperation operation);

  /**
   * The upstream request body. Throws {@link io.tollgate.proxy.translate.TranslationException} when
   * the request asks for something this backend cannot honour.
   */
  Buffer requestBody(OpenAiRequest request, String upstreamModel, boolean stream);

  /** The OpenAI response for a successful upstream body. */
  Buffer responseBody(Buffer upstream, String clientModel);

  /** A fresh translator for one streamed response. */
  StreamRelay stream(OpenAiRequest request, String clientModel);

  /** Turns upstream stream bytes into the client's OpenAI SSE bytes, remembering the usage. */
  interface StreamRelay {
    /** Client bytes for an upstream chunk (possibly empty). */
    Buffer accept(Buffer upstream);

    /** Client bytes when the upstream ended. */
    Buffer end();

    /** The usage reported so far, or null. */
    Usage usage();
  }
}
