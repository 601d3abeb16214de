package io.tollgate.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates the CRDs from the Java types and checks what {@code kubectl explain} will show. */
class GeneratedCrdTest {

  private static final Path COMMITTED = Path.of("generated");

  @TempDir static Path out;

  static CustomResourceDefinition modelRoutes;
  static CustomResourceDefinition apiKeys;
  static CustomResourceDefinition teamBudgets;

  @BeforeAll
  static void generate() throws IOException {
    new CRDGenerator()
        .inOutputDir(out.toFile())
        .forCRDVersions("v1")
        .customResourceClasses(ModelRoute.class, ApiKey.class, TeamBudget.class)
        .generate();
    modelRoutes = read("modelroutes.tollgate.io-v1.yml");
    apiKeys = read("apikeys.tollgate.io-v1.yml");
    teamBudgets = read("teambudgets.tollgate.io-v1.yml");
  }

  private static CustomResourceDefinition read(String file) throws IOException {
    try (InputStream in = Files.newInputStream(out.resolve(file))) {
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static JSONSchemaProps spec(CustomResourceDefinition crd) {
    return crd.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec");
  }

  /**
   * The CRDs are committed under {@code crds/generated/} for the chart and reviewers. A change to
   * the Java types must come with the regenerated files: {@code ./mvnw -pl crds test
   * -Dtollgate.crds.update=true} rewrites them.
   */
  @Test
  void committedCrdsMatchTheJavaTypes() throws IOException {
    boolean update = Boolean.getBoolean("tollgate.crds.update");
    for (String file :
        List.of(
            "modelroutes.tollgate.io-v1.yml",
            "apikeys.tollgate.io-v1.yml",
            "teambudgets.tollgate.io-v1.yml")) {
      String generated = Files.readString(out.resolve(file));
      Path committed = COMMITTED.resolve(file);
      if (update) {
        Files.createDirectories(COMMITTED);
        Files.writeString(committed, generated);
      }
      assertThat(Files.exists(committed) ? Files.readString(committed) : "(missing)")
          .as(
              "%s is stale; regenerate with ./mvnw -pl crds test -Dtollgate.crds.update=true",
              committed)
          .isEqualTo(generated);
    }
  }

  @Test
  void resourcesAreNamespacedInTheTollgateGroup() {
    for (CustomResourceDefinition crd : List.of(modelRoutes, apiKeys, teamBudgets)) {
      assertThat(crd.getSpec().getGroup()).isEqualTo("tollgate.io");
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getVersions())
          .singleElement()
          .satisfies(v -> assertThat(v.getName()).isEqualTo("v1alpha1"));
    }
    assertThat(modelRoutes.getSpec().getNames().getKind()).isEqualTo("ModelRoute");
    assertThat(apiKeys.getSpec().getNames().getKind()).isEqualTo("ApiKey");
    assertThat(teamBudgets.getSpec().getNames().getKind()).isEqualTo("TeamBudget");
  }

  @Test
  void everySpecAndStatusFieldHasADescription() {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("ModelRoute.spec", spec(modelRoutes), undocumented);
    collectUndocumented("ApiKey.spec", spec(apiKeys), undocumented);
    collectUndocumented("TeamBudget.spec", spec(teamBudgets), undocumented);
    for (CustomResourceDefinition crd : List.of(modelRoutes, apiKeys, teamBudgets)) {
      JSONSchemaProps status =
          crd.getSpec()
              .getVersions()
              .get(0)
              .getSchema()
              .getOpenAPIV3Schema()
              .getProperties()
              .get("status");
      // Conditions are the standard Kubernetes type, documented upstream.
      status.getProperties().entrySet().stream()
          .filter(e -> !e.getKey().equals("conditions"))
          .forEach(
              e -> {
                if (e.getValue().getDescription() == null) {
                  undocumented.add(crd.getSpec().getNames().getKind() + ".status." + e.getKey());
                }
              });
    }

    assertThat(undocumented).isEmpty();
  }

  private static void collectUndocumented(
      String path, JSONSchemaProps schema, List<String> undocumented) {
    if (schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> field : schema.getProperties().entrySet()) {
        String fieldPath = path + "." + field.getKey();
        String description = field.getValue().getDescription();
        if (description == null || description.isBlank()) {
          undocumented.add(fieldPath);
        }
        collectUndocumented(fieldPath, field.getValue(), undocumented);
      }
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", schema.getItems().getSchema(), undocumented);
    }
  }

  @Test
  void statusIsASubresourceAndKubectlGetShowsReadiness() {
    for (CustomResourceDefinition crd : List.of(modelRoutes, apiKeys, teamBudgets)) {
      var version = crd.getSpec().getVersions().get(0);
      assertThat(version.getSubresources().getStatus()).isNotNull();
      assertThat(version.getAdditionalPrinterColumns())
          .anySatisfy(
              c ->
                  assertThat(c.getJsonPath())
                      .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status"));
    }
    assertThat(modelRoutes.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Model", "Backends", "Ready");
    assertThat(apiKeys.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Team", "Expires", "Ready");
    assertThat(teamBudgets.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Team", "Limit", "Period", "Spent", "Ready");
  }

  @Test
  void schemaCarriesRequiredFieldsDefaultsAndCrossFieldRules() {
    JSONSchemaProps routeSpec = spec(modelRoutes);
    assertThat(routeSpec.getRequired()).containsExactly("backends");
    JSONSchemaProps backend = routeSpec.getProperties().get("backends").getItems().getSchema();
    assertThat(backend.getRequired()).containsExactlyInAnyOrder("name", "provider", "model");
    assertThat(backend.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactlyInAnyOrder(
            "self.provider != 'openai-compatible' || has(self.baseUrl)",
            "self.provider in ['openai-compatible', 'bedrock', 'sagemaker'] ||"
                + " has(self.credentialsSecretRef) || (self.provider == 'azure-openai' &&"
                + " has(self.entra))",
            "self.provider == 'azure-openai' || !has(self.entra)",
            "self.provider != 'sagemaker' || !has(self.credentialsSecretRef)",
            "!(self.provider in ['bedrock', 'sagemaker']) || has(self.region)",
            "self.provider in ['bedrock', 'sagemaker'] || (!has(self.region) &&"
                + " !has(self.roleArn))",
            "self.provider == 'sagemaker' || !has(self.sagemaker)");
    JSONSchemaProps sagemaker = backend.getProperties().get("sagemaker");
    assertThat(sagemaker.getProperties())
        .containsKeys(
            "payload",
            "promptFormat",
            "containerModel",
            "inferenceComponent",
            "targetVariant",
            "targetModel",
            "targetContainerHostname",
            "customAttributes");
    assertThat(sagemaker.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactlyInAnyOrder(
            "(has(self.payload) && self.payload == 'tgi') == has(self.promptFormat)",
            "!(has(self.payload) && self.payload == 'tgi') || !has(self.containerModel)");

    JSONSchemaProps keySpec = spec(apiKeys);
    assertThat(keySpec.getRequired()).containsExactlyInAnyOrder("models", "secretRef");
    JSONSchemaProps secretRef = keySpec.getProperties().get("secretRef");
    assertThat(secretRef.getProperties().get("key").getDefault().asText()).isEqualTo("key");
    assertThat(keySpec.getProperties().get("rotationGracePeriod").getDefault().asText())
        .isEqualTo("24h");
    assertThat(keySpec.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .contains("self.models.all(m, m.matches('\\\\S'))");
    assertThat(keySpec.getProperties()).containsKeys("limits", "budget", "perUser", "modelLimits");
    assertThat(keySpec.getProperties().get("modelLimits").getItems().getSchema().getRequired())
        .containsExactly("models");
  }

  @Test
  void teamBudgetSchemaCarriesDefaultsAndRules() {
    JSONSchemaProps budget = spec(teamBudgets);
    assertThat(budget.getRequired()).containsExactlyInAnyOrder("team", "limitUsd");
    assertThat(budget.getProperties().get("limitUsd").getType()).isEqualTo("number");
    assertThat(budget.getProperties().get("period").getDefault().asText()).isEqualTo("monthly");
    assertThat(budget.getProperties().get("timeZone").getDefault().asText()).isEqualTo("UTC");
    assertThat(budget.getProperties().get("enforcement").getDefault().asText()).isEqualTo("hard");
    assertThat(budget.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .anyMatch(rule -> rule.contains("t >= 1 && t <= 1000"));
    JSONSchemaProps limits = budget.getProperties().get("limits");
    assertThat(limits.getProperties().get("tokenCounting").getDefault().asText())
        .isEqualTo("total");
    assertThat(limits.getProperties().get("onStoreFailure").getDefault().asText())
        .isEqualTo("fail-open");
    JSONSchemaProps window = limits.getProperties().get("windows").getItems().getSchema();
    assertThat(window.getRequired()).containsExactlyInAnyOrder("start", "end");
    assertThat(window.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .contains("self.start != self.end");
  }
}
