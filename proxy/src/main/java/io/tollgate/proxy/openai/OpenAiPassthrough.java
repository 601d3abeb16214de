package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.Backend;
import io.vertx.core.buffer.Buffer;

/** OpenAI and OpenAI-compatible backends: bytes pass through; only usage is read on the way. */
final class OpenAiPassthrough implements BackendDialect {

  private final OpenAiRequest request;
  private final OpenAiOperation operation;
  private final boolean stream;

  OpenAiPassthrough(OpenAiRequest request, OpenAiOperation operation, boolean stream) {
    this.request = request;
    this.operation = operation;
    this.stream = stream;
  }

  @Override
  public String path() {
    return operation.upstreamPath();
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return request.upstreamBody(backend.bodyModel(), stream);
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    return new Answer(upstream, OpenAiResponses.usage(upstream));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    return relay(request.includeUsage());
  }

  /**
   * The relay of an OpenAI-schema stream: bytes pass through, the usage is read on the way, and the
   * usage chunk reaches the client only when it asked for it ({@code include_usage}).
   */
  static StreamRelay relay(boolean includeUsage) {
    StreamingUsageFilter filter = new StreamingUsageFilter(includeUsage);
    return new StreamRelay() {
      @Override
      public Buffer accept(Buffer upstream) {
        return filter.accept(upstream);
      }

      @Override
      public Buffer end() {
        return filter.remainder();
      }

      @Override
      public Usage usage() {
        return filter.usage();
      }

      @Override
      public void priceWith(io.tollgate.config.snapshot.Pricing pricing) {
        filter.priceWith(pricing);
      }
    };
  }
}
