package io.tollgate.config.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.CapturedLog;
import io.tollgate.config.ConfigError;
import io.tollgate.crds.ModelRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

  private static final String ROUTE =
      """
      apiVersion: tollgate.io/v1alpha1
      kind: ModelRoute
      metadata:
        name: %s
      spec:
        backends:
          - {name: local, provider: openai-compatible, model: llama, baseUrl: "http://vllm:8000/v1"}
      """;

  @TempDir Path dir;

  private final ManifestLoader loader = new ManifestLoader();

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static List<String> routeNames(LoadedManifests manifests) {
    return manifests.modelRoutes().stream().map(LoadedResource::name).toList();
  }

  @Test
  void readsEveryDocumentOfAFileAndRemembersWhereEachCameFrom() throws IOException {
    Path file =
        write(
            "all.yaml",
            "---\n"
                + ROUTE.formatted("first")
                + "---\n"
                + "# a comment-only document is skipped, but counted\n"
                + "---\n"
                + ROUTE.formatted("second")
                + "---\n");

    LoadedManifests manifests = loader.load(file);

    assertThat(manifests.errors()).isEmpty();
    assertThat(routeNames(manifests)).containsExactly("first", "second");
    assertThat(manifests.modelRoutes().get(0).origin())
        .isEqualTo(new ManifestOrigin(file.toString(), 1, 2));
    assertThat(manifests.modelRoutes().get(1).origin())
        .isEqualTo(new ManifestOrigin(file.toString(), 3, 12));
  }

  @Test
  void bindsTheSpecAndDefaultsTheNamespace() throws IOException {
    LoadedManifests manifests = loader.load(write("route.yaml", ROUTE.formatted("chat")));

    LoadedResource<ModelRoute> route = manifests.modelRoutes().get(0);
    assertThat(route.namespacedName()).isEqualTo("default/chat");
    assertThat(route.describe()).isEqualTo("ModelRoute default/chat");
    assertThat(route.resource().getSpec().getBackends().get(0).getBaseUrl())
        .isEqualTo("http://vllm:8000/v1");
  }

  @Test
  void readsADirectoryInNameOrderSkippingDotFilesAndOtherExtensions() throws IOException {
    write("b.yml", ROUTE.formatted("from-b"));
    write("a.yaml", ROUTE.formatted("from-a"));
    write("c.YAML", ROUTE.formatted("from-c"));
    write(".hidden.yaml", ROUTE.formatted("hidden"));
    write("README.md", "not: yaml: at all: [");
    write("nested/d.yaml", ROUTE.formatted("nested"));

    LoadedManifests manifests = loader.load(dir);

    assertThat(manifests.errors()).isEmpty();
    assertThat(routeNames(manifests)).containsExactly("from-a", "from-b", "from-c");
  }

  @Test
  void readsAMountedConfigMapThroughItsSymlinksOnce() throws IOException {
    // The layout the kubelet creates: real files in a timestamped dir, '..data' pointing at it,
    // and one top-level symlink per key.
    write("..2026_01_01_00_00_00.123/routes.yaml", ROUTE.formatted("mounted"));
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01_00_00_00.123"));
    Files.createSymbolicLink(dir.resolve("routes.yaml"), Path.of("..data/routes.yaml"));

    LoadedManifests manifests = loader.load(dir);

    assertThat(manifests.errors()).isEmpty();
    assertThat(routeNames(manifests)).containsExactly("mounted");
  }

  @Test
  void decodesSecretDataAndLetsStringDataWinOnTheSameKey() throws IOException {
    String encoded = Base64.getEncoder().encodeToString("from-data".getBytes());
    Path file =
        write(
            "secret.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: creds, namespace: team-a}
            type: Opaque
            data: {apiKey: %s, both: %s}
            stringData: {token: from-string-data, both: string-data-wins}
            """
                .formatted(encoded, encoded));

    LoadedManifests manifests = loader.load(file);

    assertThat(manifests.errors()).isEmpty();
    LoadedSecret secret = manifests.secrets().get(0);
    assertThat(secret.namespacedName()).isEqualTo("team-a/creds");
    assertThat(secret.value("apiKey")).isEqualTo("from-data");
    assertThat(secret.value("token")).isEqualTo("from-string-data");
    assertThat(secret.value("both")).isEqualTo("string-data-wins");
    assertThat(secret.toString())
        .contains("apiKey", "both", "token")
        .doesNotContain("from-data", "from-string-data", "string-data-wins");
  }

  @Test
  void ignoresOtherKindsWithOneInfoLineEach() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            ---
            apiVersion: tollgate.io/v1alpha1
            kind: GuardrailPolicy
            metadata: {name: pii}
            spec: {detectors: [email]}
            """
                + "---\n"
                + ROUTE.formatted("chat"));

    LoadedManifests manifests;
    try (CapturedLog log = new CapturedLog()) {
      manifests = loader.load(file);
      assertThat(log.lines())
          .containsExactly(
              "INFO " + file + ": ignoring v1 ConfigMap in document 1: not a kind Tollgate reads",
              "INFO "
                  + file
                  + ": ignoring tollgate.io/v1alpha1 GuardrailPolicy in document 2: not a kind"
                  + " Tollgate reads");
    }

    assertThat(manifests.errors()).isEmpty();
    assertThat(manifests.ignored())
        .containsExactly(
            new IgnoredManifest("v1", "ConfigMap", new ManifestOrigin(file.toString(), 1, 1)),
            new IgnoredManifest(
                "tollgate.io/v1alpha1",
                "GuardrailPolicy",
                new ManifestOrigin(file.toString(), 2, 6)));
    assertThat(routeNames(manifests)).containsExactly("chat");
  }

  @Test
  void yamlSyntaxErrorNamesTheFileAndLineButNotTheLine() throws IOException {
    write("a.yaml", ROUTE.formatted("fine"));
    Path broken =
        write(
            "b.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            stringData:
              apiKey: sk-secret-value: oops
            """);

    LoadedManifests manifests = loader.load(dir);

    assertThat(manifests.errors())
        .containsExactly(
            new ConfigError(
                broken.toString(),
                null,
                null,
                "invalid YAML at line 5, column 26: mapping values are not allowed here"));
    assertThat(routeNames(manifests)).containsExactly("fine");
  }

  @Test
  void unknownFieldIsAnErrorListingTheKnownOnes() throws IOException {
    Path file =
        write(
            "typo.yaml",
            """
            apiVersion: tollgate.io/v1alpha1
            kind: ApiKey
            metadata: {name: alice}
            spec:
              model: ["*"]
              secretRef: {name: alice-key}
            """);

    LoadedManifests manifests = loader.load(file);

    assertThat(manifests.apiKeys()).isEmpty();
    assertThat(manifests.errors())
        .containsExactly(
            new ConfigError(
                file.toString(),
                "ApiKey default/alice",
                "spec.model",
                "unknown field 'model'; known fields: budget, expiresAt, limits, modelLimits, models,"
                    + " perUser, rotationGracePeriod, secretRef, team"));
  }

  @Test
  void missingPathIsAnError() {
    Path missing = dir.resolve("nope.yaml");

    LoadedManifests manifests = loader.load(missing);

    assertThat(manifests.errors())
        .containsExactly(
            new ConfigError(
                missing.toString(),
                null,
                null,
                "no such file or directory; name a YAML file or a directory"));
  }

  @Test
  void emptyDirectoryLoadsNothing() {
    LoadedManifests manifests = loader.load(dir);

    assertThat(manifests.errors()).isEmpty();
    assertThat(manifests.modelRoutes()).isEmpty();
  }
}
