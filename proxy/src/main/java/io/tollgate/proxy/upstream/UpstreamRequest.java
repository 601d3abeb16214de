package io.tollgate.proxy.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;

/**
 * What one attempt sends upstream, whichever way it travels. Calls do not time themselves out: the
 * attempt loop watches every call for silence, from the moment it opens (IdleWatch).
 *
 * @param path the path after the backend's base URL (HTTP backends; SDK-backed ones ignore it)
 * @param body the request body in the backend's schema
 * @param stream whether the answer is streamed
 * @param requestId the gateway's request id, sent along where the backend takes it
 * @param decorate adds the pair's own headers to an HTTP request (e.g. {@code anthropic-beta})
 */
public record UpstreamRequest(
    String path,
    Buffer body,
    boolean stream,
    String requestId,
    Handler<HttpClientRequest> decorate) {}
