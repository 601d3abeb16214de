package io.tollgate.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tollgate.governance.RedisUrls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the operator in a pod: in-cluster client, settings from the environment, and an HTTP
 * endpoint on {@code TOLLGATE_HEALTH_PORT} with {@code /healthz} (liveness), {@code /readyz}
 * (started and every watch healthy) and {@code /metrics} (Prometheus).
 */
public final class OperatorMain {

  private static final Logger LOG = Logger.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    TollgateOperator operator = new TollgateOperator(client, settings, Clock.systemUTC(), registry);
    HttpServer http = HttpServer.create(new InetSocketAddress(settings.healthPort()), 0);
    http.createContext("/healthz", e -> respond(e, 200, "ok"));
    http.createContext(
        "/readyz", e -> respond(e, operator.healthy() ? 200 : 503, status(operator::healthy)));
    http.createContext("/metrics", e -> respond(e, 200, registry.scrape()));
    http.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  http.stop(0);
                  client.close();
                  stopped.countDown();
                }));
    try {
      operator.start();
    } catch (RuntimeException e) {
      // Exit rather than linger: the health server would keep the JVM alive and /healthz green, so
      // the pod would never be restarted. The shutdown hook stops the server.
      LOG.error("The operator could not start", e);
      System.exit(1);
    }
    LOG.infof(
        "Tollgate operator started; watching %s; snapshot in %s/%s-*",
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        settings.snapshotNamespace(),
        settings.snapshotName());
    if (settings.redis().configured()) {
      LOG.infof(
          "TeamBudget spend is read from Redis at %s every %s",
          RedisUrls.withoutCredentials(settings.redis().url()), settings.budgetStatusInterval());
    } else {
      LOG.info("TeamBudget spend is not reported: no TOLLGATE_REDIS_URL (proxies count in memory)");
    }
    stopped.await();
  }

  private static String status(Supplier<Boolean> healthy) {
    return healthy.get() ? "ready" : "not ready";
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
