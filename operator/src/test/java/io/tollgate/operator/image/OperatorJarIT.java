package io.tollgate.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable layout {@code package} leaves in operator/target ({@code tollgate-operator.jar} with
 * Main-Class and Class-Path, {@code lib/}) and the operator image built from it, checked without a
 * Docker engine: every COPY source exists, the jar's Class-Path resolves inside the image, and the
 * image's ENTRYPOINT, run against the build outputs, starts the operator up to its first call to
 * the API server (here unreachable). A failsafe test: the jar exists only after package.
 */
class OperatorJarIT {

  private static final BuildContext CONTEXT = BuildContext.repositoryRoot();
  private static final Dockerfile DOCKERFILE =
      Dockerfile.read(CONTEXT.resolve("operator/src/main/docker/Dockerfile"));
  private static final Path JAR = CONTEXT.resolve("operator/target/tollgate-operator.jar");
  private static final Path LIB = CONTEXT.resolve("operator/target/lib");
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Test
  void manifestNamesTheOperatorMainAndAClassPathIntoLib() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      String mainClass = manifest.getValue(Attributes.Name.MAIN_CLASS);

      assertThat(mainClass).isEqualTo("io.tollgate.operator.OperatorMain");
      assertThat(jar.getEntry(mainClass.replace('.', '/') + ".class")).isNotNull();
      assertThat(classPath(jar))
          .isNotEmpty()
          .allSatisfy(entry -> assertThat(entry).startsWith("lib/"))
          .allSatisfy(entry -> assertThat(JAR.resolveSibling(entry)).isRegularFile());
    }
  }

  /** Everything in lib/ goes into the image: a jar left from an older build would too. */
  @Test
  void libHoldsExactlyTheClassPath() throws IOException {
    Set<String> inLib = new TreeSet<>();
    try (Stream<Path> files = Files.list(LIB)) {
      files.forEach(f -> inLib.add("lib/" + f.getFileName()));
    }
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(inLib)
          .as("operator/target/lib (after a dependency change, run ./mvnw clean package)")
          .containsExactlyInAnyOrderElementsOf(classPath(jar));
    }
  }

  @Test
  void everyCopySourceExistsAfterPackage() {
    for (Dockerfile.Copy copy : DOCKERFILE.copies()) {
      for (String source : copy.sources()) {
        Path path = CONTEXT.resolve(source);
        assertThat(path).as("COPY source %s", source).exists();
        assertThat(Files.isDirectory(path))
            .as("%s is a directory exactly when written with a trailing slash", source)
            .isEqualTo(source.endsWith("/"));
      }
    }
  }

  /** The JVM resolves Class-Path against the jar's own directory in the image. */
  @Test
  void classPathResolvesInsideTheImage() throws IOException {
    String jarInImage = jarInImage();
    String imageDirectory = jarInImage.substring(0, jarInImage.lastIndexOf('/') + 1);
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (String entry : classPath(jar)) {
        String source =
            DOCKERFILE
                .contextPathOf(imageDirectory + entry)
                .orElseThrow(() -> new AssertionError("nothing copied to " + entry));
        assertThat(CONTEXT.resolve(source)).isRegularFile();
        assertThat(CONTEXT.sends(source)).as(".dockerignore lets in %s", source).isTrue();
      }
    }
  }

  /**
   * `docker run` without Docker: the ENTRYPOINT's command line, image paths swapped for the build
   * outputs they are copied from, with the image's ENV. It must load everything it needs and fail
   * only on the API server it cannot reach (a name under .invalid never resolves).
   */
  @Test
  void entrypointStartsTheOperatorUpToTheApiServer(@TempDir Path workDir)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    for (String argument : DOCKERFILE.entrypoint()) {
      command.add(
          argument.equals("java")
              ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
              : DOCKERFILE
                  .contextPathOf(argument)
                  .map(source -> CONTEXT.resolve(source).toString())
                  .orElse(argument));
    }
    Path output = workDir.resolve("operator.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("TOLLGATE_") || k.startsWith("KUBERNETES_") || k.equals("KUBECONFIG"));
    env.putAll(DOCKERFILE.env());
    env.put("TOLLGATE_HEALTH_PORT", "0");
    env.put("KUBECONFIG", workDir.resolve("no-kubeconfig").toString());
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_MASTER", "https://tollgate-api.invalid:6443");
    env.put("KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0");

    Process operator = builder.start();
    String log;
    try {
      log = awaitStartupOutcome(operator, output);
    } finally {
      operator.destroy();
      if (!operator.waitFor(10, TimeUnit.SECONDS)) {
        operator.destroyForcibly().waitFor();
      }
    }

    assertThat(log)
        .as("operator output")
        .contains("Picked up JDK_JAVA_OPTIONS: " + DOCKERFILE.env().get("JDK_JAVA_OPTIONS"))
        .contains("Registered reconciler: 'modelroute'")
        .contains("java.net.ConnectException")
        .doesNotContain("ClassNotFoundException", "NoClassDefFoundError", "LinkageError")
        // Printed when JUL starts before jboss-logmanager is its LogManager.
        .doesNotContain("LogManager accessed before");
  }

  /** The output once the operator gave up starting (or exited), whichever comes first. */
  private static String awaitStartupOutcome(Process operator, Path output)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      String log = Files.readString(output);
      if (!operator.isAlive() || log.contains("Error starting operator")) {
        return log;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "operator neither failed nor exited within " + STARTUP + ":\n" + Files.readString(output));
  }

  private static String jarInImage() {
    List<String> entrypoint = DOCKERFILE.entrypoint();
    return entrypoint.get(entrypoint.indexOf("-jar") + 1);
  }

  private static List<String> classPath(JarFile jar) throws IOException {
    String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    return classPath == null ? List.of() : List.of(classPath.trim().split("\\s+"));
  }
}
