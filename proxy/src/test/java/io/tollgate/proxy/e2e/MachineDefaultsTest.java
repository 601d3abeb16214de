package io.tollgate.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Settings the proxy derives from the machine when the user sets none. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class MachineDefaultsTest {

  @Inject Vertx vertx;

  @Test
  void oneEventLoopPerAvailableProcessor() {
    long loops =
        StreamSupport.stream(((VertxInternal) vertx).getEventLoopGroup().spliterator(), false)
            .count();

    assertThat(loops).isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
