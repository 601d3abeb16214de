package io.tollgate.operator.apikey;

import static io.tollgate.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.KeySecretRef;
import io.tollgate.operator.OperatorTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ApiKey life cycle against the test API server: generate, serve, restart, rotate, expire. */
@EnableKubernetesMockClient(crud = true)
class ApiKeyReconcilerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static KubernetesClient client;
  static OperatorTestCluster cluster;

  private String namespace;

  @BeforeAll
  static void startOperator() {
    cluster = new OperatorTestCluster(client, Set.of());
    cluster.start();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
  }

  @BeforeEach
  void freshNamespace() {
    namespace = "keys-" + NAMESPACES.incrementAndGet();
  }

  private ApiKey apiKey(String name, Map<String, String> annotations, String expiresAt) {
    ApiKey key = new ApiKey();
    key.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withAnnotations(annotations)
            .build());
    ApiKeySpec spec = new ApiKeySpec();
    spec.setModels(List.of("*"));
    KeySecretRef ref = new KeySecretRef();
    ref.setName(name + "-key");
    spec.setSecretRef(ref);
    spec.setRotationGracePeriod("1h");
    spec.setExpiresAt(expiresAt);
    key.setSpec(spec);
    return client.resource(key).create();
  }

  /** Sets annotations, retrying when the operator's status write got there first. */
  private void annotate(String name, Map<String, String> annotations) {
    await(
        WAIT,
        () -> {
          ApiKey key = current(name);
          key.getMetadata().setAnnotations(annotations);
          return client.resource(key).update();
        },
        updated -> updated != null);
  }

  private Secret keySecret(String name) {
    return await(
        WAIT,
        () -> client.secrets().inNamespace(namespace).withName(name + "-key").get(),
        s -> s != null);
  }

  private ApiKey current(String name) {
    return client.resources(ApiKey.class).inNamespace(namespace).withName(name).get();
  }

  private Condition condition(String name, String type, String status) {
    return await(
        WAIT,
        () ->
            current(name).getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElse(null),
        c -> c != null && c.getStatus().equals(status));
  }

  private Snapshot snapshotWith(String keyValue, boolean present) {
    String sha = KeyHashes.sha256Hex(keyValue);
    return await(
        WAIT, cluster::snapshot, s -> s != null && (s.keyBySha256(sha) != null) == present);
  }

  @Test
  void generatesAStrongKeyIntoASecretTheApiKeyOwns() {
    ApiKey created = apiKey("alice", Map.of(), null);

    Secret secret = keySecret("alice");
    String key = OperatorTestCluster.value(secret, "key");

    assertThat(key).startsWith("tg-").hasSize(3 + 43).matches("tg-[A-Za-z0-9_-]{43}");
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(o.getController()).isTrue();
            });
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(KeySecretLayout.MANAGED_BY_LABEL, KeySecretLayout.MANAGED_BY);
    ClientKey compiled = snapshotWith(key, true).keyBySha256(KeyHashes.sha256Hex(key));
    assertThat(compiled.name()).isEqualTo(namespace + "/alice");
  }

  @Test
  void readyOnlyOnceTheProxiesServeTheSnapshotHoldingTheKey() {
    cluster.proxy.serve(0);
    apiKey("bob", Map.of(), null);
    String key = OperatorTestCluster.value(keySecret("bob"), "key");
    snapshotWith(key, true);

    Condition accepted = condition("bob", "Accepted", "True");
    Condition waiting = condition("bob", "Ready", "False");
    assertThat(waiting.getReason()).isEqualTo("WaitingForProxies");
    assertThat(accepted.getObservedGeneration())
        .isEqualTo(current("bob").getMetadata().getGeneration());

    cluster.proxiesCatchUp();
    Condition ready = condition("bob", "Ready", "True");
    assertThat(ready.getReason()).isEqualTo("Loaded");
    assertThat(current("bob").getStatus().getSnapshotVersion()).isNotNull();
    assertThat(current("bob").getStatus().getObservedGeneration()).isNotNull();
  }

  @Test
  void aRestartedOperatorKeepsTheKeyAndTheSnapshotVersion() {
    apiKey("carol", Map.of(), null);
    String key = OperatorTestCluster.value(keySecret("carol"), "key");
    Snapshot before = snapshotWith(key, true);
    long version = before.version();
    cluster.proxiesCatchUp();
    String transition = condition("carol", "Ready", "True").getLastTransitionTime();

    cluster.stopOperator();
    cluster.start();

    await(WAIT, () -> cluster.operator().publisher().current(), p -> p != null);
    assertThat(OperatorTestCluster.value(keySecret("carol"), "key")).isEqualTo(key);
    Snapshot after = cluster.snapshot();
    assertThat(after.version())
        .as(
            "keys before %s, after %s",
            before.keysBySha256().values(), after.keysBySha256().values())
        .isEqualTo(version);
    assertThat(condition("carol", "Ready", "True").getLastTransitionTime()).isEqualTo(transition);
  }

  @Test
  void rotationKeepsThePreviousKeyWorkingForTheGracePeriodOnly() {
    apiKey("dave", Map.of(), null);
    String first = OperatorTestCluster.value(keySecret("dave"), "key");
    snapshotWith(first, true);

    annotate("dave", Map.of(ApiKey.ROTATE_ANNOTATION, "2026-01-01"));

    Secret rotated =
        await(
            WAIT, () -> keySecret("dave"), s -> !OperatorTestCluster.value(s, "key").equals(first));
    String second = OperatorTestCluster.value(rotated, "key");
    assertThat(OperatorTestCluster.value(rotated, "key.previous")).isEqualTo(first);
    Snapshot both = snapshotWith(second, true);
    assertThat(both.keyBySha256(KeyHashes.sha256Hex(first)).name())
        .isEqualTo(namespace + "/dave#previous");
    assertThat(
            await(WAIT, () -> current("dave").getStatus(), s -> s.getPreviousKeyExpiresAt() != null)
                .getPreviousKeyExpiresAt())
        .isEqualTo(cluster.clock.instant().plus(Duration.ofHours(1)).toString());

    cluster.clock.advance(Duration.ofHours(1).plusSeconds(1));
    cluster.operator().publisher().publishNow();
    // Any event reconciles it; in production the requeue at the deadline does.
    annotate("dave", Map.of(ApiKey.ROTATE_ANNOTATION, "2026-01-01", "touch", "1"));

    snapshotWith(first, false);
    assertThat(cluster.snapshot().keyBySha256(KeyHashes.sha256Hex(second))).isNotNull();
    await(WAIT, () -> keySecret("dave").getData(), d -> !d.containsKey("key.previous"));
  }

  @Test
  void anExpiredKeyLeavesTheSnapshotAndSaysSo() {
    String expiresAt = cluster.clock.instant().plus(Duration.ofMinutes(10)).toString();
    apiKey("erin", Map.of(), expiresAt);
    String key = OperatorTestCluster.value(keySecret("erin"), "key");
    snapshotWith(key, true);

    cluster.clock.advance(Duration.ofMinutes(10));
    cluster.operator().publisher().publishNow();

    snapshotWith(key, false);
    Condition expired = condition("erin", "Accepted", "False");
    assertThat(expired.getReason()).isEqualTo("Expired");
    assertThat(expired.getMessage()).contains(expiresAt);
  }

  @Test
  void aKeyTheUserSuppliedIsNeverReplacedOrRotated() {
    Secret own =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName("frank-key")
            .endMetadata()
            .withStringData(Map.of("key", "my-own-key-value"))
            .build();
    client.resource(own).create();
    apiKey("frank", Map.of(ApiKey.ROTATE_ANNOTATION, "now"), null);

    snapshotWith("my-own-key-value", true);
    assertThat(keySecret("frank").getMetadata().getOwnerReferences()).isNullOrEmpty();
  }
}
