package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.CapturedLog;
import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.snapshot.AwsAccess;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.BackendSchema;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.EntraAuth;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.PromptFormat;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RoutingStrategy;
import io.tollgate.config.snapshot.Snapshot;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Compiles the {@code valid/gateway} fixture and checks every part of the snapshot. */
class SnapshotCompilerTest {

  static final Path GATEWAY = Path.of("src/test/resources/valid/gateway");

  private static Snapshot compileGateway() {
    Compilation compilation = StandaloneSnapshots.compile(GATEWAY, 7);
    assertThat(compilation.errors()).isEmpty();
    return compilation.snapshot();
  }

  @Test
  void routesAreKeyedByPublicModelInSortedOrder() {
    Snapshot snapshot = compileGateway();

    assertThat(snapshot.version()).isEqualTo(7);
    assertThat(snapshot.routes().keySet())
        .containsExactly("gpt-4o", "gpt-4o-mini", "llama-3-70b", "llama-3-8b");
  }

  @Test
  void routeTakesSpecModelAsPublicNameAndKeepsBackendOrder() {
    Route route = compileGateway().route("gpt-4o-mini");

    assertThat(route.resource()).isEqualTo("default/chat-fast");
    assertThat(route.backends())
        .containsExactly(
            new Backend(
                "primary",
                Provider.OPENAI,
                "gpt-4o-mini-2024-07-18",
                URI.create("https://api.openai.com/v1"),
                "sk-test-openai",
                1,
                0,
                BackendCapacity.UNLIMITED,
                // No pricing in the route: the catalog's, found under the dated id.
                new Pricing(0.15, 0.60, 0.075, 0.15)),
            new Backend(
                "fallback",
                Provider.OPENAI_COMPATIBLE,
                "llama-3-8b-instruct",
                URI.create("http://vllm.models.svc:8000/v1"),
                "vllm-test-token"));
  }

  @Test
  void routeWithoutSpecModelIsNamedAfterTheResource() {
    Snapshot snapshot = compileGateway();

    assertThat(snapshot.route("gpt-4o").resource()).isEqualTo("default/gpt-4o");
    assertThat(snapshot.route("gpt-4o").backends().get(0).baseUrl())
        .isEqualTo(URI.create("https://openai-proxy.example.com/v1"));
  }

  @Test
  void openAiCompatibleBackendMayGoWithoutCredentials() {
    Backend local = compileGateway().route("llama-3-8b").backends().get(0);

    assertThat(local.apiKey()).isNull();
    assertThat(local.upstreamModel()).isEqualTo("meta-llama/Llama-3-8B");
    assertThat(local.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:11434/v1"));
  }

  @Test
  void keysAreStoredByHashWithGlobsExpandedAtCompileTime() {
    Snapshot snapshot = compileGateway();

    ClientKey alice = snapshot.keyBySha256(KeyHashes.sha256Hex("tg-alice"));
    assertThat(alice.name()).isEqualTo("default/alice");
    assertThat(alice.team()).isEqualTo("search");
    assertThat(alice.modelGlobs()).containsExactly("gpt-4o*", "llama-3-?b");
    assertThat(alice.allowedModels())
        .containsExactlyInAnyOrder("gpt-4o", "gpt-4o-mini", "llama-3-8b");

    ClientKey bob = snapshot.keyBySha256(KeyHashes.sha256Hex("tg-bob"));
    assertThat(bob.name()).isEqualTo("default/bob");
    assertThat(bob.team()).isNull();
    assertThat(bob.allowedModels()).isEqualTo(snapshot.routes().keySet());
    assertThat(bob.expiresAt()).isEqualTo(java.time.Instant.parse("2029-12-31T23:00:00Z"));
    assertThat(bob.expiredAt(bob.expiresAt().toEpochMilli() - 1)).isFalse();
    assertThat(bob.expiredAt(bob.expiresAt().toEpochMilli())).isTrue();
    assertThat(alice.expiresAt()).isNull();

    assertThat(snapshot.keysBySha256()).hasSize(3);
    assertThat(snapshot.keyBySha256(KeyHashes.sha256Hex("tg-alice\n"))).isNull();
  }

  @Test
  void globMatchingNoRouteIsAWarningNotAnError() {
    Snapshot snapshot;
    try (CapturedLog log = new CapturedLog()) {
      snapshot = compileGateway();
      assertThat(log.lines())
          .containsExactly(
              "WARN "
                  + GATEWAY.resolve("keys.yaml")
                  + ": ApiKey team-a/carol: model glob 'claude-*' matches no ModelRoute; it allows"
                  + " nothing until one exists");
    }
    ClientKey carol = snapshot.keyBySha256(KeyHashes.sha256Hex("tg-carol"));
    assertThat(carol.name()).isEqualTo("team-a/carol");
    assertThat(carol.allowedModels()).isEmpty();
  }

  @Test
  void snapshotNeverPrintsCredentials() {
    assertThat(compileGateway().toString())
        .doesNotContain("sk-test-openai", "vllm-test-token", "tg-alice", "tg-bob");
  }

  @Test
  void quickstartManifestsCompile() {
    Compilation compilation = StandaloneSnapshots.compile(Path.of("quickstart"), 1);

    assertThat(compilation.errors()).isEmpty();
    Snapshot snapshot = compilation.snapshot();
    assertThat(snapshot.routes().keySet()).containsExactly("demo");
    assertThat(snapshot.route("demo").backends())
        .containsExactly(
            new Backend(
                "fake",
                Provider.OPENAI_COMPATIBLE,
                "fake-model",
                URI.create("http://127.0.0.1:9090/v1"),
                null));
    ClientKey key = snapshot.keyBySha256(KeyHashes.sha256Hex("tg-quickstart-key"));
    assertThat(key.name()).isEqualTo("default/quickstart");
    assertThat(key.allowedModels()).containsExactly("demo");
  }

  @Test
  void bedrockExampleCompilesWithRegionsRolesAndDefaultEndpoints() {
    Compilation compilation = StandaloneSnapshots.compile(Path.of("examples/bedrock.yaml"), 1);

    assertThat(compilation.errors()).isEmpty();
    Route haiku = compilation.snapshot().route("claude-haiku");
    Backend east = haiku.backend("us-east-1");
    assertThat(east.provider()).isEqualTo(Provider.BEDROCK);
    assertThat(east.aws()).isEqualTo(new AwsAccess("us-east-1", null));
    assertThat(east.baseUrl()).isNull();
    assertThat(east.apiKey()).isNull();
    // The catalog knows the model behind the inference profile.
    assertThat(east.pricing().inputPerMillionUsd()).isEqualTo(0.80);
    Backend west = haiku.backend("us-west-2");
    assertThat(west.aws().roleArn())
        .isEqualTo("arn:aws:iam::210987654321:role/tollgate-bedrock-invoke");
    assertThat(west.baseUrl().getHost()).endsWith(".vpce.amazonaws.com");
    assertThat(compilation.snapshot().route("nova-lite").backend("bedrock").apiKey())
        .isEqualTo("replace-with-a-bedrock-api-key");
  }

  @Test
  void sageMakerExampleCompilesWithPayloadsAndRoutingHeaders() {
    Compilation compilation = StandaloneSnapshots.compile(Path.of("examples/sagemaker.yaml"), 1);

    assertThat(compilation.errors()).isEmpty();
    Backend chat = compilation.snapshot().route("llama-3-1-8b").backend("sagemaker");
    assertThat(chat.provider()).isEqualTo(Provider.SAGEMAKER);
    assertThat(chat.schema()).isEqualTo(BackendSchema.OPENAI_CHAT);
    assertThat(chat.upstreamModel()).isEqualTo("llama-3-1-8b-endpoint");
    assertThat(chat.bodyModel()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(chat.sagemaker().inferenceComponent()).isEqualTo("llama-3-1-8b-ic");
    assertThat(chat.aws()).isEqualTo(new AwsAccess("us-east-1", null));
    assertThat(chat.pricing().inputPerMillionUsd()).isEqualTo(0.20);
    Backend tgi = compilation.snapshot().route("llama-3-tgi").backend("tgi");
    assertThat(tgi.schema()).isEqualTo(BackendSchema.TGI);
    assertThat(tgi.sagemaker().promptFormat()).isEqualTo(PromptFormat.LLAMA3);
    assertThat(tgi.sagemaker().targetVariant()).isEqualTo("blue");
    assertThat(tgi.bodyModel()).isNull();
    assertThat(tgi.pricing()).isNull();
  }

  @Test
  void azureEntraExampleCompilesWithWorkloadIdentityAndAClientSecret() {
    Compilation compilation = StandaloneSnapshots.compile(Path.of("examples/azure-entra.yaml"), 1);

    assertThat(compilation.errors()).isEmpty();
    Backend workload = compilation.snapshot().route("gpt-4o-entra").backend("sweden");
    assertThat(workload.entra())
        .isEqualTo(new EntraAuth(null, null, null, EntraAuth.DEFAULT_SCOPE));
    assertThat(workload.apiKey()).isNull();
    Backend secret = compilation.snapshot().route("gpt-4o-mini-entra").backend("eastus");
    assertThat(secret.entra().tenantId()).isEqualTo("contoso.onmicrosoft.com");
    assertThat(secret.entra().clientId()).isEqualTo("0b7f3c9e-5d2a-4c1b-9e8f-1a2b3c4d5e6f");
    assertThat(secret.apiKey()).isEqualTo("app-registration-secret-value");
    assertThat(secret.toString()).doesNotContain("app-registration-secret-value");
  }

  @Test
  void routingExampleCompilesWithItsPolicies() {
    Compilation compilation = StandaloneSnapshots.compile(Path.of("examples/routing.yaml"), 1);

    assertThat(compilation.errors()).isEmpty();
    Snapshot snapshot = compilation.snapshot();
    Route llama = snapshot.route("llama-3-70b");
    assertThat(llama.policy().retry().attempts()).isEqualTo(3);
    assertThat(llama.policy().fallbacks()).containsExactly("gpt-4o-mini");
    assertThat(llama.backend("spare").weight()).isZero();
    assertThat(llama.backend("vllm-a").capacity().maxInFlight()).isEqualTo(64);
    Route mini = snapshot.route("gpt-4o-mini");
    assertThat(mini.policy().strategy()).isEqualTo(RoutingStrategy.PRIORITY);
    assertThat(mini.policy().rules())
        .extracting(RoutingRule::name)
        .containsExactly("eu-users", "batch-team-saves");
    assertThat(snapshot.route("gpt-4o").policy().rules().get(0).match().minPromptTokens())
        .isEqualTo(30000);
  }
}
