package io.tollgate.proxy.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tollgate.fakes.FakeOpenAi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a fake OpenAI upstream on a free port and writes the manifests the gateway under test
 * serves. Shared by every end-to-end test class, so one gateway boots for all of them.
 */
public class GatewayTestEnvironment implements QuarkusTestResourceLifecycleManager {

  public static final String UPSTREAM_KEY = "sk-upstream-test-credential";
  public static final String FULL_KEY = "tg-full-key-0123456789";
  public static final String LIMITED_KEY = "tg-limited-key-0123456789";
  public static final String EXPIRED_KEY = "tg-expired-key-0123456789";
  public static final String UPSTREAM_MODEL = "fake-upstream-model";

  /** The body limit the test gateway runs with, small so a 413 is cheap to provoke. */
  public static final int MAX_REQUEST_BYTES = 65536;

  /** The proxy's Entra workload identity, as AKS would inject it. */
  public static final String AZURE_TENANT = "fake-tenant";

  public static final String AZURE_CLIENT_ID = "00000000-0000-4000-8000-00000000c1d0";

  private static FakeOpenAi fake;
  private static Path configDir;
  private static Path federatedTokenFile;
  private static Path accessLog;

  /** The projected service-account token Entra workload identity presents; tests rewrite it. */
  public static Path federatedTokenFile() {
    return federatedTokenFile;
  }

  /** The file the gateway under test appends its access-log lines to. */
  public static Path accessLog() {
    return accessLog;
  }

  public static FakeOpenAi fake() {
    return fake;
  }

  public static Path configDir() {
    return configDir;
  }

  /** The manifests every test starts from; tests that change files put these back. */
  public static void writeBaseConfig() {
    write("keys.yaml", keysYaml());
    write("routes.yaml", routesYaml(fake.baseUrl()));
  }

  public static void write(String file, String yaml) {
    try {
      Path target = configDir.resolve(file);
      Path temp = configDir.resolve("." + file + ".tmp");
      Files.writeString(temp, yaml);
      // Atomic replace: the watcher never sees a half-written file.
      Files.move(
          temp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes sure {@code file} is served: when {@code model} is not yet listed for the full key,
   * writes {@code yaml} (built only then) and waits up to 5 s for the reload to serve it.
   */
  public static void serve(URI v1, String model, String file, Supplier<String> yaml) {
    URI probe = URI.create(v1 + "/models/" + model);
    if (Http.get(probe, FULL_KEY).statusCode() == 200) {
      return;
    }
    write(file, yaml.get());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (Http.get(probe, FULL_KEY).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " was not served within 5 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static void delete(String file) {
    try {
      Files.deleteIfExists(configDir.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> start() {
    fake = FakeOpenAi.start();
    fake.setExpectedApiKey(UPSTREAM_KEY);
    try {
      configDir = Files.createTempDirectory("tollgate-e2e");
      federatedTokenFile = Files.createTempDirectory("tollgate-e2e-identity").resolve("token");
      Files.writeString(federatedTokenFile, "federated-jwt-1\n");
      accessLog = Files.createTempDirectory("tollgate-e2e-log").resolve("access.log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeBaseConfig();
    return Map.of(
        "tollgate.config",
        configDir.toString(),
        "tollgate.max-request-bytes",
        Integer.toString(MAX_REQUEST_BYTES),
        "tollgate.reload-poll-interval",
        "200ms",
        "tollgate.access-log.path",
        accessLog.toString(),
        "tollgate.azure.tenant-id",
        AZURE_TENANT,
        "tollgate.azure.client-id",
        AZURE_CLIENT_ID,
        "tollgate.azure.federated-token-file",
        federatedTokenFile.toString());
  }

  @Override
  public void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  static String keysYaml() {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: full-key}
        stringData: {key: %s}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: limited-key}
        stringData: {key: %s}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ApiKey
        metadata: {name: full}
        spec:
          team: platform
          models: ["*"]
          secretRef: {name: full-key}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: expired-key}
        stringData: {key: %s}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ApiKey
        metadata: {name: expired}
        spec:
          models: ["*"]
          expiresAt: "2025-01-01T00:00:00Z"
          secretRef: {name: expired-key}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ApiKey
        metadata: {name: limited}
        spec:
          team: search
          models: ["chat", "emb*"]
          secretRef: {name: limited-key}
        """
        .formatted(FULL_KEY, LIMITED_KEY, EXPIRED_KEY);
  }

  static String routesYaml(String baseUrl) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: upstream-credentials}
        stringData: {apiKey: %1$s}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: chat}
        spec:
          backends:
            - name: primary
              provider: openai
              model: %3$s
              baseUrl: %2$s
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: embeddings}
        spec:
          model: embed-small
          backends:
            - name: local
              provider: openai-compatible
              model: embed-small
              baseUrl: %2$s
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
        ---
        apiVersion: tollgate.io/v1alpha1
        kind: ModelRoute
        metadata: {name: restricted}
        spec:
          model: restricted-model
          backends:
            - name: primary
              provider: openai
              model: %3$s
              baseUrl: %2$s
              credentialsSecretRef: {name: upstream-credentials, key: apiKey}
        """
        .formatted(UPSTREAM_KEY, baseUrl, UPSTREAM_MODEL);
  }
}
