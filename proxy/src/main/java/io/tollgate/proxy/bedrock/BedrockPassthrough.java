package io.tollgate.proxy.bedrock;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.openai.BackendDialect;
import io.tollgate.proxy.openai.DialectJson;
import io.tollgate.proxy.openai.SseEventSplitter;
import io.tollgate.proxy.openai.Usage;
import io.tollgate.proxy.translate.BedrockEvent;
import io.tollgate.proxy.translate.SseEvent;
import io.vertx.core.buffer.Buffer;

/**
 * Bedrock Converse client to an Amazon Bedrock backend: the Converse request goes to the backend's
 * model as the client wrote it (every member, guardrails and model-specific fields included; the
 * AWS SDK checks it against Bedrock's model), the answer comes back as Bedrock sent it, and the
 * stream's events are framed again as they came, exceptions included. Only the usage is read on the
 * way.
 */
final class BedrockPassthrough implements BackendDialect {

  private final BedrockRequest request;

  BedrockPassthrough(BedrockRequest request) {
    this.request = request;
  }

  /** The Bedrock operation; the SDK builds the real path from the backend's model id. */
  @Override
  public String path() {
    return request.stream() ? "/converse-stream" : "/converse";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    return DialectJson.write(request.body());
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    return new Answer(upstream, BedrockUsage.of(DialectJson.answer(upstream).get("usage")));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    return new Relay();
  }

  /** Re-frames the events; a stream that ends without its metadata gets an exception frame. */
  private static final class Relay implements StreamRelay {
    private final SseEventSplitter events = new SseEventSplitter();
    private Usage usage;
    private boolean complete;

    @Override
    public Buffer accept(Buffer upstream) {
      Buffer out = Buffer.buffer();
      events.feed(
          upstream, event -> frame(BedrockEvent.fromSse(SseEvent.parse(event.toString())), out));
      return out;
    }

    private void frame(BedrockEvent event, Buffer out) {
      if (event == null) {
        return;
      }
      if (event.exception() || event.type().equals("metadata")) {
        complete = true;
      }
      if (event.type().equals("metadata")) {
        usage = BedrockUsage.of(event.payload().get("usage"));
      }
      out.appendBuffer(EventStreamEncoder.encode(event));
    }

    @Override
    public Buffer end() {
      return complete
          ? Buffer.buffer()
          : EventStreamEncoder.encode(
              BedrockEvent.exception(
                  "modelStreamErrorException", "The upstream stream ended unexpectedly."));
    }

    @Override
    public Usage usage() {
      return usage;
    }

    @Override
    public String contentType() {
      return BedrockStreamRelay.EVENT_STREAM;
    }
  }
}
