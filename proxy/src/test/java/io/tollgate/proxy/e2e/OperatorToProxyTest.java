package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.ClusterTestEnvironment.REPLY_A;
import static io.tollgate.proxy.e2e.ClusterTestEnvironment.REPLY_B;
import static io.tollgate.proxy.e2e.ClusterTestEnvironment.SNAPSHOT_NAME;
import static io.tollgate.proxy.e2e.ClusterTestEnvironment.SNAPSHOT_NAMESPACE;
import static io.tollgate.proxy.e2e.ClusterTestEnvironment.UPSTREAM_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.CredentialsSecretRef;
import io.tollgate.crds.KeySecretRef;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.ModelRouteBackend;
import io.tollgate.crds.ModelRouteSpec;
import io.tollgate.operator.OperatorSettings;
import io.tollgate.operator.TollgateOperator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator and a cluster-mode proxy in one JVM, against Fabric8's mock API server: resources
 * applied to the API server reach the proxy through the operator's snapshot Secrets, and nothing
 * else connects them. Proves the promises end to end: a generated key works, a deleted
 * ApiKey stops working within a second, a changed ModelRoute serves within a second.
 */
@QuarkusTest
@WithTestResource(ClusterTestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorToProxyTest {

  /** The bound from a change in the API server to every proxy serving it. */
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /** Generous bound for first-time setup (operator start, first snapshot, first key). */
  private static final Duration SETUP = Duration.ofSeconds(20);

  private static final String APPS = "team-a";

  @TestHTTPResource("/v1/chat/completions")
  URI chat;

  @TestHTTPResource(value = "/health/ready", management = true)
  URI ready;

  private KubernetesClient client;
  private TollgateOperator operator;

  @BeforeAll
  void startOperator() {
    client = ClusterTestEnvironment.newClient();
    // The mock API server runs no pods, so a Pod object stands in for this proxy: it points the
    // operator's fleet reader at the proxy's real management port on 127.0.0.1, where the proxy
    // answers with the snapshot version it actually loaded. Status readiness is therefore real.
    client
        .pods()
        .inNamespace(SNAPSHOT_NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(SNAPSHOT_NAMESPACE)
                .withName("tollgate-proxy-0")
                .addToLabels("app.kubernetes.io/component", "proxy")
                .endMetadata()
                .withNewStatus()
                .withPodIP("127.0.0.1")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    OperatorSettings settings =
        new OperatorSettings(
            Set.of(),
            SNAPSHOT_NAMESPACE,
            SNAPSHOT_NAME,
            SnapshotSecrets.DEFAULT_MAX_PART_BYTES,
            "app.kubernetes.io/component=proxy",
            ready.getPort(),
            "/q/health/ready",
            Duration.ofMillis(100),
            Duration.ofMillis(20),
            false,
            "tollgate-operator",
            0);
    operator =
        new TollgateOperator(
            ClusterTestEnvironment.newClient(),
            settings,
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    operator.start();
    client
        .secrets()
        .inNamespace(APPS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(APPS)
                .withName("upstream-credentials")
                .endMetadata()
                .addToStringData("apiKey", UPSTREAM_KEY)
                .build())
        .create();
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void aGeneratedKeyServesAndDeletingItsApiKeyRevokesItWithinOneSecond() {
    client.resource(route("chat", ClusterTestEnvironment.upstreamA().baseUrl())).create();
    client.resource(apiKey("alice")).create();

    String key = await(SETUP, () -> generatedKey("alice-key"), k -> k != null);
    assertThat(key).startsWith("tg-");
    HttpResponse<String> first = await(SETUP, () -> chat("chat", key), r -> r.statusCode() == 200);
    assertThat(first.body()).contains(REPLY_A);
    // Status tells the truth: Ready only once the proxy reports the version holding the key.
    await(SETUP, () -> readyCondition("alice"), "True"::equals);

    client.resources(ApiKey.class).inNamespace(APPS).withName("alice").delete();
    long deleted = System.nanoTime();
    await(ONE_SECOND, () -> chat("chat", key).statusCode(), s -> s == 401);
    assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(ONE_SECOND);
  }

  @Test
  void aChangedModelRouteServesFromTheNewBackendWithinOneSecond() {
    client.resource(route("switch", ClusterTestEnvironment.upstreamA().baseUrl())).create();
    client.resource(apiKey("bob")).create();
    String key = await(SETUP, () -> generatedKey("bob-key"), k -> k != null);
    await(SETUP, () -> chat("switch", key), r -> r.statusCode() == 200);
    assertThat(chat("switch", key).body()).contains(REPLY_A);

    String upstreamB = ClusterTestEnvironment.upstreamB().baseUrl();
    updateRoute("switch", r -> r.getSpec().getBackends().get(0).setBaseUrl(upstreamB));
    long changed = System.nanoTime();
    await(ONE_SECOND, () -> chat("switch", key).body(), b -> b.contains(REPLY_B));
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(ONE_SECOND);
  }

  private HttpResponse<String> chat(String model, String key) {
    return Http.post(
        chat,
        key,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  /** The key the operator generated into {@code secret}, or null before it exists. */
  private String generatedKey(String secret) {
    Secret s = client.secrets().inNamespace(APPS).withName(secret).get();
    if (s == null || s.getData() == null || !s.getData().containsKey("key")) {
      return null;
    }
    return new String(Base64.getDecoder().decode(s.getData().get("key")), StandardCharsets.UTF_8);
  }

  private String readyCondition(String apiKey) {
    ApiKey current = client.resources(ApiKey.class).inNamespace(APPS).withName(apiKey).get();
    if (current == null || current.getStatus() == null) {
      return null;
    }
    return current.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  /** Get, change, update; retried when the operator's status write changed the version first. */
  private void updateRoute(String name, java.util.function.Consumer<ModelRoute> change) {
    await(
        Duration.ofSeconds(5),
        () -> {
          ModelRoute route =
              client.resources(ModelRoute.class).inNamespace(APPS).withName(name).get();
          change.accept(route);
          try {
            client.resource(route).update();
            return true;
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              return false;
            }
            throw e;
          }
        },
        done -> done);
  }

  private static ModelRoute route(String model, String baseUrl) {
    ModelRouteBackend backend = new ModelRouteBackend();
    backend.setName("primary");
    backend.setProvider("openai");
    backend.setModel("fake-upstream-model");
    backend.setBaseUrl(baseUrl);
    CredentialsSecretRef credentials = new CredentialsSecretRef();
    credentials.setName("upstream-credentials");
    credentials.setKey("apiKey");
    backend.setCredentialsSecretRef(credentials);
    ModelRouteSpec spec = new ModelRouteSpec();
    spec.setBackends(List.of(backend));
    ModelRoute route = new ModelRoute();
    route.setMetadata(new ObjectMetaBuilder().withNamespace(APPS).withName(model).build());
    route.setSpec(spec);
    return route;
  }

  private static ApiKey apiKey(String name) {
    KeySecretRef ref = new KeySecretRef();
    ref.setName(name + "-key");
    ApiKeySpec spec = new ApiKeySpec();
    spec.setModels(List.of("*"));
    spec.setSecretRef(ref);
    ApiKey key = new ApiKey();
    key.setMetadata(new ObjectMetaBuilder().withNamespace(APPS).withName(name).build());
    key.setSpec(spec);
    return key;
  }

  /** Polls until {@code ok} holds, failing with the last value seen after {@code bound}. */
  private static <T> T await(Duration bound, Supplier<T> value, Predicate<T> ok) {
    long deadline = System.nanoTime() + bound.toNanos();
    T last = null;
    RuntimeException error = null;
    do {
      try {
        last = value.get();
        error = null;
        if (ok.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        error = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    AssertionError failure =
        new AssertionError("not reached within " + bound + "; last value: " + describe(last));
    if (error != null) {
      failure.initCause(error);
    }
    throw failure;
  }

  private static String describe(Object value) {
    return value instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : "" + value;
  }
}
