package io.tollgate.proxy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.proxy.upstream.QueuedUpstreamResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger cancels = new AtomicInteger();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** Collects a response made of {@code chunks} on an event loop; the result or the failure. */
  private CompletableFuture<Buffer> collect(long limit, List<Buffer> chunks) {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Buffer> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          QueuedUpstreamResponse response =
              new QueuedUpstreamResponse(
                  context, 200, MultiMap.caseInsensitiveMultiMap(), () -> {});
          Future<Buffer> body =
              BoundedBody.collect(response, limit, null, cancels::incrementAndGet);
          chunks.forEach(response::push);
          response.end();
          body.onComplete(
              r -> {
                if (r.succeeded()) {
                  done.complete(r.result());
                } else {
                  done.completeExceptionally(r.cause());
                }
              });
        });
    return done;
  }

  @Test
  void aBodyInOneChunkIsThatChunk() throws Exception {
    Buffer chunk = Buffer.buffer("{\"id\":\"one\"}");
    assertThat(collect(1024, List.of(chunk)).get(5, TimeUnit.SECONDS)).isSameAs(chunk);
  }

  @Test
  void chunksAreJoinedInOrder() throws Exception {
    Buffer body =
        collect(
                1024,
                List.of(Buffer.buffer("{\"a\":"), Buffer.buffer("1,"), Buffer.buffer("\"b\":2}")))
            .get(5, TimeUnit.SECONDS);
    assertThat(body.toString()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void anEmptyBodyIsEmpty() throws Exception {
    assertThat(collect(1024, List.of()).get(5, TimeUnit.SECONDS).length()).isZero();
  }

  @Test
  void aBodyPastTheLimitFailsAndCancelsOnce() {
    CompletableFuture<Buffer> body =
        collect(10, List.of(Buffer.buffer("123456"), Buffer.buffer("789012"), Buffer.buffer("3")));
    assertThat(body)
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(BoundedBody.TooLargeException.class);
    assertThat(cancels).hasValue(1);
  }
}
