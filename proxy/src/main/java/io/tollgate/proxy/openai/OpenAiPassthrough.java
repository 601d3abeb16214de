package io.tollgate.proxy.openai;

import io.vertx.core.buffer.Buffer;

/** OpenAI and OpenAI-compatible backends: bytes pass through; only usage is read on the way. */
final class OpenAiPassthrough implements BackendDialect {

  static final OpenAiPassthrough INSTANCE = new OpenAiPassthrough();

  private OpenAiPassthrough() {}

  @Override
  public String path(OpenAiOperation operation) {
    return operation.upstreamPath();
  }

  @Override
  public Buffer requestBody(OpenAiRequest request, String upstreamModel, boolean stream) {
    return request.upstreamBody(upstreamModel, stream);
  }

  @Override
  public Buffer responseBody(Buffer upstream, String clientModel) {
    return upstream;
  }

  @Override
  public StreamRelay stream(OpenAiRequest request, String clientModel) {
    StreamingUsageFilter filter = new StreamingUsageFilter(request.includeUsage());
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
    };
  }
}
