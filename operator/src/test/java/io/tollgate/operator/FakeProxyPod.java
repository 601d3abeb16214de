package io.tollgate.operator;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A proxy pod for operator tests: a Pod object in the test API server pointing at 127.0.0.1, and a
 * readiness endpoint on a free port answering like the proxy's, with a version the test sets.
 */
public final class FakeProxyPod implements AutoCloseable {

  private final HttpServer server;
  private volatile long version = -1;

  public FakeProxyPod() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/q/health/ready",
        exchange -> {
          long v = version;
          String body =
              v < 0
                  ? "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"tollgate-config\",\"status\":"
                      + "\"DOWN\",\"data\":{\"reason\":\"no configuration loaded yet\"}}]}"
                  : "{\"status\":\"UP\",\"checks\":[{\"name\":\"tollgate-config\",\"status\":\"UP\","
                      + "\"data\":{\"version\":"
                      + v
                      + ",\"checksum\":\"x\"}}]}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(v < 0 ? 503 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The snapshot version this proxy says it serves; -1 for none. */
  public void serve(long version) {
    this.version = version;
  }

  /** Registers a ready proxy Pod in {@code namespace} with the default proxy labels. */
  public static void register(KubernetesClient client, String namespace, String name) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels("app.kubernetes.io/component", "proxy")
            .endMetadata()
            .withNewStatus()
            .withPodIP("127.0.0.1")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
