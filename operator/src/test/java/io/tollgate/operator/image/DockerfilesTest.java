package io.tollgate.operator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two Dockerfiles agree, without a Docker engine, with the chart that runs their images and
 * with the build that fills their context: the ports the Deployments declare are the ones exposed,
 * the user is one {@code runAsNonRoot} accepts, the ENTRYPOINT runs the jar the build produces with
 * the container JVM flags, and {@code .dockerignore} lets in every COPY source. The operator's COPY
 * sources are checked on disk by {@link OperatorJarIT} (after {@code package}); the proxy module
 * builds after this one, so its COPY sources are checked against the Quarkus fast-jar layout, and
 * on disk when an earlier build left it.
 */
class DockerfilesTest {

  /** The two images: their Dockerfile, the chart component running them, the jar they run. */
  enum Image {
    OPERATOR(
        "operator/src/main/docker/Dockerfile", "operator", "operator/target/tollgate-operator.jar"),
    PROXY(
        "proxy/src/main/docker/Dockerfile", "proxy", "proxy/target/quarkus-app/" + QUARKUS_RUNNER);

    final String dockerfile;
    final String component;
    final String runnableJar;

    Image(String dockerfile, String component, String runnableJar) {
      this.dockerfile = dockerfile;
      this.component = component;
      this.runnableJar = runnableJar;
    }

    Dockerfile read() {
      return Dockerfile.read(CONTEXT.resolve(dockerfile));
    }
  }

  static final BuildContext CONTEXT = BuildContext.repositoryRoot();

  private static final String QUARKUS_RUNNER = "quarkus-run.jar";

  /** `./mvnw package` of a Quarkus application with the default package type (fast-jar). */
  private static final String QUARKUS_APP = "proxy/target/quarkus-app/";

  private static final List<String> FAST_JAR_LAYOUT =
      List.of("lib/", QUARKUS_RUNNER, "app/", "quarkus/");

  private static final String JUL_MANAGER =
      "-Djava.util.logging.manager=org.jboss.logmanager.LogManager";

  /** eclipse-temurin:17.0.18_8-jre-noble: a JRE 17, pinned down to the build. */
  private static final Pattern PINNED_JRE_17 =
      Pattern.compile("eclipse-temurin:17\\.\\d+\\.\\d+(\\.\\d+)?_\\d+-jre-[a-z]+");

  private static final Map<String, Deployment> DEPLOYMENTS = renderChartDeployments();

  @Test
  void bothImagesStartFromTheSamePinnedJre17() {
    String operatorBase = Image.OPERATOR.read().from();
    assertThat(operatorBase).matches(PINNED_JRE_17);
    assertThat(Image.PROXY.read().from()).isEqualTo(operatorBase);
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void exposesTheContainerPortsOfTheChartsDeployment(Image image) {
    Set<Integer> chartPorts =
        container(image).getPorts().stream()
            .map(ContainerPort::getContainerPort)
            .collect(Collectors.toSet());

    assertThat(image.read().exposedPorts())
        .as("EXPOSE in %s vs. the ports of the chart's %s container", image.dockerfile, image)
        .containsExactlyInAnyOrderElementsOf(chartPorts);
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void runsAsTheNonRootUserTheChartExpects(Image image) {
    String user = image.read().user().orElseThrow(() -> new AssertionError("no USER"));
    // runAsNonRoot cannot check a user name (kubelet refuses to start the pod): numeric only.
    assertThat(user).as("USER of %s", image.dockerfile).matches("[0-9]+");
    long uid = Long.parseLong(user);
    assertThat(uid).isPositive();

    PodSpec pod = deployment(image).getSpec().getTemplate().getSpec();
    PodSecurityContext podContext = pod.getSecurityContext();
    SecurityContext containerContext = container(image).getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    if (podContext.getRunAsUser() != null) {
      assertThat(podContext.getRunAsUser()).as("chart's pod runAsUser").isEqualTo(uid);
    }
    if (containerContext != null && containerContext.getRunAsUser() != null) {
      assertThat(containerContext.getRunAsUser()).as("chart's runAsUser").isEqualTo(uid);
    }
  }

  /**
   * The JVM writes only to java.io.tmpdir (hsperfdata, native libraries): /tmp must be writable.
   */
  @ParameterizedTest
  @EnumSource(Image.class)
  void aReadOnlyRootFilesystemLeavesTmpWritable(Image image) {
    Container container = container(image);
    assumeTrue(
        container.getSecurityContext() != null
            && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem()));

    VolumeMount tmp =
        container.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("read-only root filesystem without /tmp"));
    Volume volume =
        deployment(image).getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(tmp.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getEmptyDir()).as("volume behind /tmp").isNotNull();
    assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    Dockerfile dockerfile = image.read();
    assertThat(String.join(" ", dockerfile.entrypoint()) + dockerfile.env())
        .as("java.io.tmpdir stays /tmp")
        .doesNotContain("java.io.tmpdir");
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void entrypointRunsTheJarTheBuildProducesWithContainerJvmFlags(Image image) {
    Dockerfile dockerfile = image.read();
    List<String> entrypoint = dockerfile.entrypoint();

    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).contains(JUL_MANAGER);
    int jar = entrypoint.indexOf("-jar");
    assertThat(jar).as("-jar in %s", entrypoint).isPositive().isLessThan(entrypoint.size() - 1);
    assertThat(dockerfile.contextPathOf(entrypoint.get(jar + 1)))
        .as("what COPY puts at %s", entrypoint.get(jar + 1))
        .contains(image.runnableJar);
    // Read by the java launcher itself; memory follows the container's limit.
    assertThat(dockerfile.env().get("JDK_JAVA_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void operatorDependenciesAreALayerBelowItsJar() {
    List<Dockerfile.Copy> copies = Image.OPERATOR.read().copies();
    assertThat(copies)
        .extracting(c -> c.sources().get(0))
        .containsExactly("operator/target/lib/", Image.OPERATOR.runnableJar);
    // The jar's Class-Path names lib/…, relative to the jar.
    String jarDirectory = copies.get(1).destination();
    assertThat(copies.get(0).destination()).isEqualTo(jarDirectory + "lib/");
  }

  @Test
  void proxyCopiesTheQuarkusFastJarLayoutNextToItsRunner() {
    Dockerfile dockerfile = Image.PROXY.read();
    assertThat(dockerfile.copies())
        .flatExtracting(Dockerfile.Copy::sources)
        .as("COPY sources, rarely changing ones first")
        .containsExactlyElementsOf(FAST_JAR_LAYOUT.stream().map(e -> QUARKUS_APP + e).toList());

    List<String> entrypoint = dockerfile.entrypoint();
    String runner = entrypoint.get(entrypoint.indexOf("-jar") + 1);
    String home = runner.substring(0, runner.length() - QUARKUS_RUNNER.length());
    // quarkus-run.jar finds lib/, app/ and quarkus/ next to itself, as in quarkus-app/.
    for (String entry : FAST_JAR_LAYOUT) {
      String file = entry.endsWith("/") ? entry + "main/some.jar" : entry;
      assertThat(dockerfile.contextPathOf(home + file))
          .as("what COPY puts at %s%s", home, file)
          .contains(QUARKUS_APP + file);
    }
  }

  /** The layout above holds only while the proxy is packaged as a fast-jar, Quarkus' default. */
  @Test
  void proxyIsPackagedAsFastJar() throws IOException {
    Pattern packageType =
        Pattern.compile("quarkus[.]package[.]jar[.]type\\s*(?:[=:]|>)\\s*([\\w-]+)");
    for (String source :
        List.of("proxy/pom.xml", "proxy/src/main/resources/application.properties")) {
      Matcher type = packageType.matcher(Files.readString(CONTEXT.resolve(source)));
      while (type.find()) {
        assertThat(type.group(1)).as("package type in %s", source).isEqualTo("fast-jar");
      }
    }
  }

  @Test
  void proxyCopySourcesExistOnceTheProxyIsPackaged() {
    assumeTrue(
        Files.isDirectory(CONTEXT.resolve(QUARKUS_APP)),
        "proxy not packaged yet (it builds after the operator)");
    for (Dockerfile.Copy copy : Image.PROXY.read().copies()) {
      for (String source : copy.sources()) {
        Path path = CONTEXT.resolve(source);
        assertThat(path).as("COPY source %s", source).exists();
        assertThat(Files.isDirectory(path))
            .as("%s is a directory exactly when written with a trailing slash", source)
            .isEqualTo(source.endsWith("/"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void buildContextLetsInEveryCopySource(Image image) {
    for (Dockerfile.Copy copy : image.read().copies()) {
      for (String source : copy.sources()) {
        assertThat(CONTEXT.sends(source)).as(".dockerignore lets in %s", source).isTrue();
        if (source.endsWith("/")) {
          assertThat(CONTEXT.sends(source + "some.jar")).as("content of %s", source).isTrue();
        }
      }
    }
  }

  @Test
  void buildContextLeavesOutSourcesAndOtherBuildOutputs() {
    for (String path :
        List.of(
            ".git/config",
            "pom.xml",
            "operator/src/main/java/io/tollgate/operator/OperatorMain.java",
            "operator/target/classes/io/tollgate/operator/OperatorMain.class",
            "operator/target/tollgate-operator-0.1.0-SNAPSHOT.jar",
            "proxy/target/classes/application.properties",
            "bench/target/tollgate-bench.jar")) {
      assertThat(CONTEXT.sends(path)).as(".dockerignore leaves out %s", path).isFalse();
    }
  }

  /** The chart pulls <registry>/tollgate-operator and …/tollgate-proxy: the images built here. */
  @ParameterizedTest
  @EnumSource(Image.class)
  void labelsNameTheImageTheChartPullsAndThisRepository(Image image) throws IOException {
    Map<String, String> labels = image.read().labels();
    String chartImage = container(image).getImage();
    String repository = chartImage.substring(0, chartImage.lastIndexOf(':'));
    JsonNode chart =
        new YAMLMapper().readTree(CONTEXT.resolve("helm/tollgate/Chart.yaml").toFile());

    assertThat(labels.get("org.opencontainers.image.title"))
        .isEqualTo(repository.substring(repository.lastIndexOf('/') + 1));
    assertThat(labels.get("org.opencontainers.image.source")).isEqualTo(chart.get("home").asText());
    assertThat(labels.get("org.opencontainers.image.base.name"))
        .endsWith("/" + image.read().from());
    assertThat(labels)
        .containsKeys("org.opencontainers.image.description", "org.opencontainers.image.version");
  }

  private static Deployment deployment(Image image) {
    Deployment deployment = DEPLOYMENTS.get(image.component);
    assertThat(deployment).as("the chart's %s Deployment", image.component).isNotNull();
    return deployment;
  }

  private static Container container(Image image) {
    List<Container> containers =
        deployment(image).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  /** The chart's Deployments with default values, by their app.kubernetes.io/component label. */
  private static Map<String, Deployment> renderChartDeployments() {
    String yaml =
        new Helm(CONTEXT.resolve("helm/tollgate"))
            .template()
            .withName("gw")
            .withNamespace("tollgate")
            .withKubeVersion("v1.31.0")
            .skipCrds()
            .call();
    List<Deployment> deployments = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && "Deployment".equals(document.path("kind").asText())) {
          deployments.add(Serialization.unmarshal(document.toString(), Deployment.class));
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return deployments.stream()
        .collect(
            Collectors.toMap(
                d -> d.getMetadata().getLabels().get("app.kubernetes.io/component"), d -> d));
  }
}
