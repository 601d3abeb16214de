package io.tollgate.operator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.operator.OperatorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Finds out which snapshot version each ready proxy pod serves by reading its readiness endpoint
 * (which reports {@code version} and {@code checksum}), so status can say a resource is served only
 * when it is. Proxies need no write access to the API server for this.
 */
public final class ProxyFleet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProxyFleet.class);
  static final String CHECK_NAME = "tollgate-config";

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<Consumer<FleetView>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tollgate-proxy-fleet");
            t.setDaemon(true);
            return t;
          });
  private volatile FleetView current = FleetView.UNKNOWN;

  public ProxyFleet(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  public void addListener(Consumer<FleetView> listener) {
    listeners.add(listener);
  }

  public FleetView current() {
    return current;
  }

  public void start() {
    long period = Math.max(10, settings.fleetPollInterval().toMillis());
    executor.scheduleWithFixedDelay(this::pollSafely, 0, period, TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    try {
      FleetView view = poll();
      if (!view.equals(current)) {
        current = view;
        listeners.forEach(l -> l.accept(view));
      }
    } catch (RuntimeException e) {
      LOG.warn("Reading the proxies' loaded snapshot versions failed; will retry", e);
    }
  }

  /** Reads every ready proxy pod now. */
  public FleetView poll() {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(settings.snapshotNamespace())
            .withLabelSelector(settings.proxySelector())
            .list()
            .getItems();
    List<CompletableFuture<ProxyReport>> reports = new ArrayList<>();
    for (Pod pod : pods) {
      if (ready(pod)) {
        reports.add(read(pod));
      }
    }
    return new FleetView(reports.stream().map(CompletableFuture::join).toList());
  }

  /** Only pods the Service sends traffic to count; a starting pod has not loaded anything. */
  private static boolean ready(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || pod.getStatus().getPodIP() == null
        || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return true;
      }
    }
    return false;
  }

  private CompletableFuture<ProxyReport> read(Pod pod) {
    String name = pod.getMetadata().getName();
    String ip = pod.getStatus().getPodIP();
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    URI uri =
        URI.create(
            "http://"
                + host
                + ":"
                + settings.proxyManagementPort()
                + settings.proxyReadinessPath());
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> report(name, response.body()))
        .exceptionally(e -> new ProxyReport(name, -1, null, "unreachable: " + e.getMessage()));
  }

  private ProxyReport report(String pod, String body) {
    try {
      JsonNode root = json.readTree(body);
      for (JsonNode check : root.path("checks")) {
        if (CHECK_NAME.equals(check.path("name").asText())) {
          JsonNode data = check.path("data");
          if (data.has("version")) {
            return new ProxyReport(
                pod, data.path("version").asLong(-1), data.path("checksum").asText(null), null);
          }
        }
      }
      return new ProxyReport(pod, -1, null, "no snapshot loaded");
    } catch (IOException e) {
      return new ProxyReport(pod, -1, null, "readiness answer is not JSON");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
