package io.tollgate.operator.e2e;

import static io.tollgate.operator.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.KeySecretRef;
import io.tollgate.operator.OperatorSettings;
import io.tollgate.operator.OperatorTestCluster;
import io.tollgate.operator.TollgateOperator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server (k3s in a container): the committed CRDs install and their
 * schema accepts an ApiKey, the operator generates its key Secret, status reports that no proxy
 * serves it yet, and Kubernetes' garbage collector removes the Secret with its ApiKey (what the
 * mock API server cannot show). Needs a Docker engine; without one the suite is skipped with one
 * log line.
 */
class K3sOperatorE2E {

  private static final Logger LOG = Logger.getLogger(K3sOperatorE2E.class);
  private static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String APPS = "team-a";

  private static K3sContainer k3s;
  private static KubernetesClient client;
  private static TollgateOperator operator;

  private static boolean docker;

  @BeforeAll
  static void startCluster() throws IOException {
    docker = dockerEngineAvailable();
    if (!docker) {
      LOG.warn("K3sOperatorE2E skipped: no Docker engine (set DOCKER_HOST or start Docker)");
      return;
    }
    k3s = new K3sContainer(K3S);
    k3s.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
            .build();
    installCrds();
    for (String namespace : List.of(OperatorTestCluster.NAMESPACE, APPS)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    operator =
        new TollgateOperator(
            client,
            OperatorSettings.defaults(OperatorTestCluster.NAMESPACE),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    operator.start();
  }

  /** Cheap checks first, so a machine without Docker is not probed by every strategy. */
  private static boolean dockerEngineAvailable() {
    boolean hint =
        System.getenv("DOCKER_HOST") != null
            || Files.exists(Path.of("/var/run/docker.sock"))
            || Files.exists(
                Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
            || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    return hint && DockerClientFactory.instance().isDockerAvailable();
  }

  /** Applies the committed CRDs, the same files the Helm chart carries. */
  private static void installCrds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "crds", "generated"))) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client.load(in).serverSideApply();
        }
      }
    }
    await(
        WAIT,
        () -> client.resources(ApiKey.class).inAnyNamespace().list().getItems(),
        items -> items != null);
  }

  /** Per test, so the report counts each skipped test rather than hiding the class. */
  @BeforeEach
  void requireDocker() {
    Assumptions.assumeTrue(docker, "no Docker engine: k3s end-to-end tests skipped");
  }

  @AfterAll
  static void stopCluster() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Test
  void anAppliedApiKeyGetsAGeneratedSecretThatGoesWithIt() {
    ApiKey key = new ApiKey();
    key.setMetadata(new ObjectMetaBuilder().withNamespace(APPS).withName("alice").build());
    ApiKeySpec spec = new ApiKeySpec();
    spec.setModels(List.of("*"));
    KeySecretRef ref = new KeySecretRef();
    ref.setName("alice-key");
    spec.setSecretRef(ref);
    key.setSpec(spec);
    client.resource(key).create();

    Secret secret =
        await(
            WAIT,
            () -> client.secrets().inNamespace(APPS).withName("alice-key").get(),
            s -> s != null);
    assertThat(OperatorTestCluster.value(secret, "key")).startsWith("tg-");
    // No proxy runs in this cluster: accepted, but not Ready, and status says why.
    Condition ready =
        await(
            WAIT,
            () ->
                client
                    .resources(ApiKey.class)
                    .inNamespace(APPS)
                    .withName("alice")
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .filter(c -> "Ready".equals(c.getType()))
                    .findFirst()
                    .orElse(null),
            c -> c != null && "NoProxies".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("False");

    client.resources(ApiKey.class).inNamespace(APPS).withName("alice").delete();
    await(
        WAIT, () -> client.secrets().inNamespace(APPS).withName("alice-key").get(), s -> s == null);
  }
}
