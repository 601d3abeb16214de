package io.tollgate.proxy.anthropic;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.SseEventSplitter;
import io.tollgate.proxy.openai.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;

/**
 * Anthropic client to Anthropic backend: the body goes upstream byte for byte with only {@code
 * model} replaced, and the answer (JSON or event stream) comes back untouched while its usage is
 * read on the way. The client's {@code anthropic-beta} header goes along, since the features it
 * turns on are the backend's to honour.
 */
final class AnthropicPassthrough implements BackendDialect {

  private final AnthropicRequest request;
  private final String beta;

  AnthropicPassthrough(AnthropicRequest request, String beta) {
    this.request = request;
    this.beta = beta;
  }

  @Override
  public String path() {
    return "/messages";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return request.withModel(backend.bodyModel());
  }

  @Override
  public void decorate(HttpClientRequest upstream) {
    if (beta != null) {
      upstream.putHeader("anthropic-beta", beta);
    }
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    return new Answer(upstream, AnthropicUsage.ofMessage(upstream));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    SseEventSplitter events = new SseEventSplitter();
    AnthropicUsage usage = new AnthropicUsage();
    return new StreamRelay() {
      @Override
      public Buffer accept(Buffer upstream) {
        // The splitter only watches (it copies what it keeps); the client gets the chunk as is.
        events.feed(upstream, usage::onEvent);
        return upstream;
      }

      @Override
      public Buffer end() {
        return Buffer.buffer();
      }

      @Override
      public Usage usage() {
        return usage.usage();
      }
    };
  }
}
