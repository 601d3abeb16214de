package io.tollgate.proxy.upstream;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/** An upstream call over the gateway's pooled Vert.x HTTP client. */
final class HttpUpstreamCall implements UpstreamCall {

  private final Future<UpstreamResponse> response;
  private HttpClientRequest request;
  private boolean cancelled;

  /**
   * @param bearer the per-request bearer token (Entra ID), or null when the target's fixed headers
   *     carry the credential
   */
  HttpUpstreamCall(
      UpstreamClient client, UpstreamTarget target, UpstreamRequest call, Future<String> bearer) {
    Future<HttpClientRequest> opening =
        bearer == null
            ? client.post(target, call.path(), call.stream())
            : bearer.compose(
                token ->
                    cancelled
                        ? Future.failedFuture("cancelled")
                        : client
                            .post(target, call.path(), call.stream())
                            .map(request -> request.putHeader("authorization", "Bearer " + token)));
    this.response =
        opening.compose(
            opened -> {
              if (cancelled) {
                opened.reset();
                return Future.failedFuture("cancelled");
              }
              request = opened;
              opened.putHeader("x-request-id", call.requestId());
              call.decorate().handle(opened);
              // Failures reach us through send()'s future; without a handler Vert.x would also
              // log every reset we make on purpose (client gone, timeouts) as an error.
              opened.exceptionHandler(failure -> {});
              return opened.send(call.body()).map(HttpResponse::new);
            });
  }

  @Override
  public Future<UpstreamResponse> response() {
    return response;
  }

  @Override
  public void cancel() {
    cancelled = true;
    if (request != null) {
      request.reset();
    }
  }

  /** A Vert.x client response seen through {@link UpstreamResponse}. */
  private record HttpResponse(HttpClientResponse response) implements UpstreamResponse {

    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public String header(String name) {
      return response.getHeader(name);
    }

    @Override
    public UpstreamResponse handler(Handler<Buffer> handler) {
      response.handler(handler);
      return this;
    }

    @Override
    public UpstreamResponse exceptionHandler(Handler<Throwable> handler) {
      response.exceptionHandler(handler);
      return this;
    }

    @Override
    public UpstreamResponse endHandler(Handler<Void> handler) {
      response.endHandler(handler);
      return this;
    }

    @Override
    public UpstreamResponse pause() {
      response.pause();
      return this;
    }

    @Override
    public UpstreamResponse resume() {
      response.resume();
      return this;
    }
  }
}
