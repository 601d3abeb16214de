package io.tollgate.proxy.upstream;

import io.vertx.core.Future;

/**
 * One upstream call of an attempt, however it travels: over the gateway's HTTP client ({@link
 * HttpUpstreamCall}) or through a provider's SDK (Bedrock). The attempt loop sees only this and
 * {@link UpstreamResponse}, so retries, timeouts, relays and cancellation work the same for both.
 * Used on the request's event loop only.
 */
public interface UpstreamCall {

  /**
   * Completes with the response head (status and headers; the body follows) or fails when no
   * response came: connection refused or lost, timeout waiting for the head.
   */
  Future<UpstreamResponse> response();

  /** Abandons the call at any point: resets the HTTP stream or cancels the SDK call. Idempotent. */
  void cancel();
}
