package io.tollgate.operator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.compile.SnapshotChecksum;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.TeamBudget;
import io.tollgate.operator.MutableClock;
import io.tollgate.operator.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: the resources in {@code golden/<case>/in-*.yaml} are created in the test API
 * server, the publisher compiles them, and the snapshot (canonical text, credentials hashed), the
 * snapshot Secrets' metadata and each resource's outcome must equal {@code out-*}. Regenerate with
 * {@code -Dtollgate.golden.update=true}.
 */
@EnableKubernetesMockClient(crud = true)
class SnapshotGoldenTest {

  private static final Path CASES = Path.of("src/test/resources/golden");

  static KubernetesClient client;

  @TestFactory
  Stream<DynamicTest> everyCaseCompilesToItsGoldenOutput() throws IOException {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(CASES)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private void check(Path dir) throws IOException {
    String namespace = "golden-" + dir.getFileName();
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(f -> f.getFileName().toString().startsWith("in-")).sorted().toList();
    }
    for (Path input : inputs) {
      for (HasMetadata resource : read(Files.readString(input))) {
        resource.getMetadata().setNamespace(namespace);
        client.resource(resource).create();
      }
    }
    OperatorSettings settings = OperatorSettings.defaults(namespace).withProxyManagementPort(1);
    settings =
        new OperatorSettings(
            java.util.Set.of(namespace),
            namespace,
            settings.snapshotName(),
            settings.maxPartBytes(),
            settings.proxySelector(),
            1,
            settings.proxyReadinessPath(),
            settings.fleetPollInterval(),
            settings.publishDebounce(),
            false,
            settings.leaseName(),
            0);
    Map<String, String> actual = new TreeMap<>();
    try (SnapshotPublisher publisher =
        new SnapshotPublisher(client, settings, new MutableClock(Instant.EPOCH))) {
      publisher.start();
      Publication publication = publisher.current();
      List<Secret> parts =
          client
              .secrets()
              .inNamespace(namespace)
              .withLabel(SnapshotSecrets.LABEL, settings.snapshotName())
              .list()
              .getItems();
      Snapshot snapshot = new SnapshotSecrets().assemble(parts).snapshot();
      actual.put(
          "out-snapshot.txt",
          "version "
              + snapshot.version()
              + "\n"
              + SnapshotChecksum.canonicalText(
                  snapshot.routes().values(),
                  snapshot.keysBySha256().values(),
                  snapshot.teams().values()));
      actual.put("out-status.txt", outcomes(publication));
      actual.put("out-secrets.txt", secrets(parts));
    }
    boolean update = Boolean.getBoolean("tollgate.golden.update");
    for (Map.Entry<String, String> out : actual.entrySet()) {
      Path file = dir.resolve(out.getKey());
      if (update) {
        Files.writeString(file, out.getValue());
      }
      assertThat(Files.exists(file) ? Files.readString(file) : "(missing " + file + ")")
          .as("%s; regenerate with -Dtollgate.golden.update=true", file)
          .isEqualTo(out.getValue());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("fixture files nobody reads")
          .allMatch(name -> name.startsWith("in-") || actual.containsKey(name));
    }
  }

  private static String outcomes(Publication publication) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(publication.outcomes())
        .forEach(
            (key, outcome) ->
                out.append(key.replaceAll(" golden-[^/]+/", " "))
                    .append(": ")
                    .append(outcome.reason())
                    .append(outcome.accepted() ? " in version " + outcome.sinceVersion() : "")
                    .append(outcome.problems().isEmpty() ? "" : " " + outcome.problems())
                    .append('\n'));
    return out.toString();
  }

  /** Names, labels and annotations; the digest varies with JSON map order, so it is left out. */
  private static String secrets(List<Secret> parts) {
    StringBuilder out = new StringBuilder();
    for (Secret part : parts) {
      Map<String, String> annotations = new TreeMap<>(part.getMetadata().getAnnotations());
      annotations.remove(SnapshotSecrets.DIGEST);
      out.append(part.getMetadata().getName())
          .append(' ')
          .append(new TreeMap<>(part.getMetadata().getLabels()))
          .append(' ')
          .append(annotations)
          .append('\n');
    }
    return out.toString();
  }

  private static List<HasMetadata> read(String yaml) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<HasMetadata> out = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Class<? extends HasMetadata> type =
          document.contains("kind: ModelRoute")
              ? ModelRoute.class
              : document.contains("kind: ApiKey")
                  ? ApiKey.class
                  : document.contains("kind: TeamBudget") ? TeamBudget.class : Secret.class;
      out.add(serialization.unmarshal(document, type));
    }
    return out;
  }
}
