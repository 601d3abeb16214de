package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.proxy.translate.OpenAiToAnthropicStream;
import io.tollgate.proxy.translate.OpenAiToAnthropicTranslator;
import io.tollgate.proxy.translate.SseEvent;
import io.tollgate.proxy.translate.TranslationException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * OpenAI client to Anthropic Messages backend, through {@link OpenAiToAnthropicTranslator}. The
 * translated stream always carries the usage chunk, and then runs through the same {@link
 * StreamingUsageFilter} as pass-through streams: one place decides what a client sees of usage.
 */
final class AnthropicDialect implements BackendDialect {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenAiToAnthropicTranslator translator;
  private final OpenAiRequest request;

  AnthropicDialect(OpenAiToAnthropicTranslator translator, OpenAiRequest request) {
    this.translator = translator;
    this.request = request;
  }

  @Override
  public String path() {
    return "/messages";
  }

  @Override
  public Buffer requestBody(Backend backend) {
    JsonNode openAi = tree(request.body());
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(translator.request(openAi, backend.bodyModel())));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  @Override
  public Answer response(Buffer upstream, String clientModel) {
    Buffer answer;
    try {
      answer =
          Buffer.buffer(JSON.writeValueAsBytes(translator.response(tree(upstream), clientModel)));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return new Answer(answer, OpenAiResponses.usage(answer));
  }

  @Override
  public StreamRelay stream(String clientModel) {
    OpenAiToAnthropicStream translation = translator.stream(clientModel, true);
    SseEventSplitter events = new SseEventSplitter();
    StreamingUsageFilter usage = new StreamingUsageFilter(request.includeUsage());
    return new StreamRelay() {
      @Override
      public Buffer accept(Buffer upstream) {
        StringBuilder out = new StringBuilder();
        events.feed(
            upstream, event -> out.append(translation.accept(SseEvent.parse(event.toString()))));
        return out.isEmpty() ? Buffer.buffer() : usage.accept(Buffer.buffer(out.toString()));
      }

      @Override
      public Buffer end() {
        Buffer rest = events.takePending();
        StringBuilder out = new StringBuilder();
        if (rest != null && rest.length() > 0) {
          out.append(translation.accept(SseEvent.parse(rest.toString())));
        }
        out.append(translation.end());
        Buffer tail = out.isEmpty() ? Buffer.buffer() : usage.accept(Buffer.buffer(out.toString()));
        return tail.appendBuffer(usage.remainder());
      }

      @Override
      public Usage usage() {
        return usage.usage();
      }
    };
  }

  /** The request or response as a tree; a body that is not JSON is the client's 400 or a 502. */
  private static JsonNode tree(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The body is not valid JSON.");
    }
  }
}
