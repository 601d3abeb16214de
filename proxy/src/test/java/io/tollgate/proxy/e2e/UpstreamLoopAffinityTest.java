package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_MODEL;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.upstream.UpstreamClient;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Upstream connections stay on the event loop of the request that uses them. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class UpstreamLoopAffinityTest {

  private static final String CHAT =
      "{\"model\":\""
          + UPSTREAM_MODEL
          + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Inject GatewayConfig config;

  @Test
  void requestsOnTwoLoopsTakeConnectionsOfTheirOwnLoop() throws Exception {
    VertxInternal vertx = (VertxInternal) Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    UpstreamClient upstream = new UpstreamClient(vertx, config);
    try {
      UpstreamTarget target =
          UpstreamTarget.of(
              new Backend(
                  "fake",
                  Provider.OPENAI_COMPATIBLE,
                  UPSTREAM_MODEL,
                  URI.create(fake().baseUrl()),
                  UPSTREAM_KEY));
      ContextInternal first = vertx.createEventLoopContext();
      ContextInternal second = vertx.createEventLoopContext();
      assertThat(second.nettyEventLoop()).isNotSameAs(first.nettyEventLoop());

      // One after another: each request finds the other loop's connection idle in the pool.
      List<EventLoop[]> seen = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ContextInternal context = i % 2 == 0 ? first : second;
        CompletableFuture<EventLoop[]> done = new CompletableFuture<>();
        context.runOnContext(
            v ->
                upstream
                    .post(target, "/chat/completions", false)
                    .compose(
                        request -> {
                          EventLoop connection =
                              ((ConnectionBase) request.connection()).channel().eventLoop();
                          return request
                              .send(Buffer.buffer(CHAT))
                              .compose(response -> response.body())
                              .map(body -> new EventLoop[] {context.nettyEventLoop(), connection});
                        })
                    .onComplete(
                        result -> {
                          if (result.succeeded()) {
                            done.complete(result.result());
                          } else {
                            done.completeExceptionally(result.cause());
                          }
                        }));
        seen.add(done.get(10, TimeUnit.SECONDS));
      }

      assertThat(seen).allSatisfy(loops -> assertThat(loops[1]).isSameAs(loops[0]));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static final class ChatBody {
    static final String JSON =
        "{\"model\":\""
            + UPSTREAM_MODEL
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }
}
