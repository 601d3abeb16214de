package io.tollgate.operator.chart;

import static io.tollgate.operator.chart.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart renders with default and non-default values, lints clean, and the rendered
 * manifests hang together: Services reach container ports that exist, Secret references name keys
 * that exist, probes point at the ports the processes serve, operator and proxies share one Redis,
 * and RBAC is least privilege (the proxies only read Secrets in their namespace).
 */
class HelmChartTest {

  /** Values a production install on EKS might set: every optional piece on. */
  private static final Map<String, Object> PRODUCTION =
      Map.ofEntries(
          Map.entry("operator.replicas", 2),
          Map.entry("operator.watchNamespaces[0]", "team-a"),
          Map.entry("operator.watchNamespaces[1]", "team-b"),
          Map.entry("proxy.autoscaling.enabled", false),
          Map.entry("proxy.replicas", 3),
          Map.entry(
              "proxy.serviceAccount.awsRoleArn", "arn:aws:iam::123456789012:role/tollgate-proxy"),
          Map.entry("proxy.serviceAccount.azureClientId", "0b7f3c9e-5d2a-4c1b-9e8f-1a2b3c4d5e6f"),
          Map.entry("proxy.podLabels.team", "platform"),
          Map.entry("redis.enabled", true),
          Map.entry("redis.address", "master.tollgate.abc123.use1.cache.amazonaws.com:6379"),
          Map.entry("redis.tls", true),
          Map.entry("redis.auth.password", "not-a-real-password"),
          Map.entry("serviceMonitor.enabled", true),
          Map.entry("serviceMonitor.labels.release", "prometheus"),
          Map.entry("networkPolicy.enabled", true),
          Map.entry(
              "networkPolicy.metricsNamespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
              "monitoring"));

  private static final Map<String, Object> EXISTING_REDIS_SECRET =
      Map.of(
          "redis.enabled", true,
          "redis.address", "redis.cache:6379",
          "redis.auth.existingSecret", "elasticache-auth",
          "redis.auth.passwordKey", "token",
          "redis.auth.usernameKey", "user");

  @Test
  void lintsClean() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("lint messages")
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderOperatorAndProxy() {
    RenderedChart chart = RenderedChart.render(Map.of());
    assertThat(chart.objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
        .contains(
            "Deployment",
            "Service",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget")
        .doesNotContain("ServiceMonitor", "NetworkPolicy", "Secret");
    Deployment proxy = chart.one(Deployment.class, "gw-tollgate-proxy");
    assertThat(proxy.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
    Container container = proxy.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(container))
        .containsEntry("TOLLGATE_SOURCE", "cluster")
        .containsEntry("TOLLGATE_UPSTREAM_IDLE_TIMEOUT", "300s")
        .containsEntry("TOLLGATE_CLIENT_STALL_TIMEOUT", "300s");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(portNumber(container, container.getReadinessProbe().getHttpGet().getPort()))
        .isEqualTo(9000);

    Container operator =
        chart
            .one(Deployment.class, "gw-tollgate-operator")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(portNumber(operator, operator.getReadinessProbe().getHttpGet().getPort()))
        .isEqualTo(8081);
    assertThat(env(operator))
        .containsEntry("TOLLGATE_SNAPSHOT_NAMESPACE", NAMESPACE)
        .containsEntry("TOLLGATE_WATCH_NAMESPACES", "")
        .containsEntry("TOLLGATE_BUDGET_STATUS_INTERVAL", "PT30S")
        .doesNotContainKey("TOLLGATE_REDIS_URL")
        .containsEntry(
            "TOLLGATE_PROXY_SELECTOR",
            "app.kubernetes.io/instance=gw,app.kubernetes.io/component=proxy");
    // The operator's fleet selector finds exactly the proxy pods.
    Map<String, String> proxyLabels = proxy.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(proxyLabels)
        .containsEntry("app.kubernetes.io/instance", "gw")
        .containsEntry("app.kubernetes.io/component", "proxy");
    assertThat(env(container).get("TOLLGATE_CLUSTER_SNAPSHOT_NAME"))
        .isEqualTo(env(operator).get("TOLLGATE_SNAPSHOT_NAME"));
  }

  @Test
  void productionValuesRenderEveryOptionalPiece() {
    RenderedChart chart = RenderedChart.render(PRODUCTION);
    assertThat(chart.ofKind("ServiceMonitor")).hasSize(2);
    assertThat(chart.ofKind("NetworkPolicy")).hasSize(2);
    assertThat(chart.ofKind("HorizontalPodAutoscaler")).isEmpty();
    assertThat(chart.all(ClusterRole.class)).as("namespaced watch needs no ClusterRole").isEmpty();
    assertThat(
            chart.all(Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-operator-watch"))
                .map(r -> r.getMetadata().getNamespace()))
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(chart.one(Deployment.class, "gw-tollgate-proxy").getSpec().getReplicas())
        .isEqualTo(3);
    ServiceAccount proxySa = chart.one(ServiceAccount.class, "gw-tollgate-proxy");
    assertThat(proxySa.getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/tollgate-proxy")
        .containsEntry("azure.workload.identity/client-id", "0b7f3c9e-5d2a-4c1b-9e8f-1a2b3c4d5e6f");
    assertThat(
            chart
                .one(Deployment.class, "gw-tollgate-proxy")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .containsEntry("azure.workload.identity/use", "true")
        .containsEntry("team", "platform");
    Container proxy = proxyContainer(chart);
    assertThat(env(proxy))
        .containsEntry(
            "TOLLGATE_REDIS_URL", "rediss://master.tollgate.abc123.use1.cache.amazonaws.com:6379");
    assertThat(env(operatorContainer(chart)))
        .containsEntry("TOLLGATE_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry(
            "TOLLGATE_REDIS_URL", "rediss://master.tollgate.abc123.use1.cache.amazonaws.com:6379")
        .containsEntry("TOLLGATE_LEADER_ELECTION", "true");
  }

  @Test
  void servicesTargetContainerPortsThatExist() {
    for (Map<String, Object> values : List.of(Map.<String, Object>of(), PRODUCTION)) {
      RenderedChart chart = RenderedChart.render(values);
      List<Service> services = chart.all(Service.class);
      assertThat(services).hasSize(3);
      for (Service service : services) {
        List<Deployment> backing =
            chart.all(Deployment.class).stream()
                .filter(
                    d ->
                        d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                .toList();
        assertThat(backing).as("pods behind Service %s", name(service)).hasSize(1);
        List<Container> containers =
            backing.get(0).getSpec().getTemplate().getSpec().getContainers();
        for (ServicePort port : service.getSpec().getPorts()) {
          assertThat(containers.stream().anyMatch(c -> portNumber(c, port.getTargetPort()) != null))
              .as(
                  "Service %s port %s targets %s",
                  name(service), port.getName(), port.getTargetPort())
              .isTrue();
        }
      }
    }
  }

  @Test
  void secretReferencesNameKeysThatExist() {
    for (Map<String, Object> values : List.of(Map.<String, Object>of(), PRODUCTION)) {
      RenderedChart chart = RenderedChart.render(values);
      Map<String, Set<String>> keysBySecret = new HashMap<>();
      for (Secret secret : chart.all(Secret.class)) {
        Set<String> keys = new java.util.HashSet<>();
        Optional.ofNullable(secret.getData()).ifPresent(d -> keys.addAll(d.keySet()));
        Optional.ofNullable(secret.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
        keysBySecret.put(secret.getMetadata().getName(), keys);
      }
      for (EnvVar env : secretEnv(chart)) {
        var ref = env.getValueFrom().getSecretKeyRef();
        assertThat(keysBySecret).as("Secret of %s", env.getName()).containsKey(ref.getName());
        assertThat(keysBySecret.get(ref.getName()))
            .as("key of %s", env.getName())
            .contains(ref.getKey());
      }
    }
    RenderedChart production = RenderedChart.render(PRODUCTION);
    for (Container container : List.of(proxyContainer(production), operatorContainer(production))) {
      assertThat(secretEnv(container))
          .as("Secret references of %s", container.getName())
          .extracting(EnvVar::getName)
          .containsExactly("TOLLGATE_REDIS_PASSWORD");
    }
  }

  @Test
  void anExistingRedisSecretIsReferencedByTheKeysTheValuesName() {
    RenderedChart chart = RenderedChart.render(EXISTING_REDIS_SECRET);
    assertThat(chart.all(Secret.class)).as("the chart makes no Secret of its own").isEmpty();
    for (Container container : List.of(proxyContainer(chart), operatorContainer(chart))) {
      Map<String, String> refs = new LinkedHashMap<>();
      for (EnvVar env : secretEnv(container)) {
        var ref = env.getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("elasticache-auth");
        refs.put(env.getName(), ref.getKey());
      }
      assertThat(refs)
          .as("Secret references of %s", container.getName())
          .containsExactly(
              Map.entry("TOLLGATE_REDIS_PASSWORD", "token"),
              Map.entry("TOLLGATE_REDIS_USERNAME", "user"));
      assertThat(env(container)).containsEntry("TOLLGATE_REDIS_URL", "redis://redis.cache:6379");
    }
  }

  @Test
  void theOperatorReadsTheRedisTheProxiesCountIn() {
    for (Map<String, Object> values : List.of(PRODUCTION, EXISTING_REDIS_SECRET)) {
      RenderedChart chart = RenderedChart.render(values);
      assertThat(redisEnv(operatorContainer(chart)))
          .as("operator and proxies get the same Redis settings")
          .isNotEmpty()
          .isEqualTo(redisEnv(proxyContainer(chart)));
    }
    assertThat(redisEnv(operatorContainer(RenderedChart.render(Map.of())))).isEmpty();
  }

  /** The container's TOLLGATE_REDIS_* variables, values and Secret references alike. */
  private static List<EnvVar> redisEnv(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getName().startsWith("TOLLGATE_REDIS_"))
        .toList();
  }

  @Test
  void theProxyMayOnlyReadSecretsInItsNamespace() {
    for (Map<String, Object> values : List.of(Map.<String, Object>of(), PRODUCTION)) {
      RenderedChart chart = RenderedChart.render(values);
      List<PolicyRule> rules = rulesBoundTo(chart, "gw-tollgate-proxy");
      assertThat(rules).hasSize(1);
      PolicyRule rule = rules.get(0);
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactly("secrets");
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
      assertThat(chart.ofKind("ClusterRoleBinding").stream().map(this::yaml))
          .noneMatch(y -> y.contains("gw-tollgate-proxy"));
    }
  }

  @Test
  void theOperatorGetsOnlyWhatItCalls() {
    RenderedChart chart = RenderedChart.render(Map.of());
    List<PolicyRule> cluster = chart.one(ClusterRole.class, "gw-tollgate-operator").getRules();
    List<PolicyRule> local = chart.one(Role.class, "gw-tollgate-operator").getRules();
    for (PolicyRule rule : concat(cluster, local)) {
      assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind");
      assertThat(rule.getResources()).doesNotContain("*");
    }
    assertThat(cluster)
        .as("deleting Secrets is allowed only in the release namespace (stale snapshot parts)")
        .noneMatch(r -> r.getVerbs().contains("delete"));
    assertThat(local)
        .anyMatch(
            r ->
                r.getResources().contains("leases")
                    && r.getApiGroups().contains("coordination.k8s.io"))
        .anyMatch(
            r -> r.getResources().equals(List.of("pods")) && r.getVerbs().equals(List.of("list")));
    assertThat(cluster)
        .anyMatch(
            r -> r.getResources().contains("apikeys/status") && r.getVerbs().contains("update"))
        .anyMatch(r -> r.getResources().contains("teambudgets") && r.getVerbs().contains("watch"))
        .anyMatch(
            r ->
                r.getResources().contains("teambudgets/status") && r.getVerbs().contains("update"));
    assertThat(cluster)
        .as("budget alert Events are created once and never changed")
        .anyMatch(r -> r.getResources().equals(List.of("events")))
        .filteredOn(r -> r.getResources().contains("events"))
        .allMatch(r -> r.getVerbs().equals(List.of("create")));
    assertThat(local)
        .as("no Events in the release namespace beyond what a watched namespace allows")
        .noneMatch(r -> r.getResources().contains("events"));
    RenderedChart namespaced = RenderedChart.render(PRODUCTION);
    for (Role watch :
        namespaced.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-operator-watch"))
            .toList()) {
      assertThat(watch.getRules())
          .as("Role in %s", watch.getMetadata().getNamespace())
          .anyMatch(r -> r.getResources().contains("teambudgets/status"))
          .anyMatch(
              r ->
                  r.getResources().equals(List.of("events"))
                      && r.getVerbs().equals(List.of("create")));
    }
  }

  private static List<PolicyRule> concat(List<PolicyRule> a, List<PolicyRule> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private String yaml(HasMetadata o) {
    return io.fabric8.kubernetes.client.utils.Serialization.asYaml(o);
  }

  /** Every rule of every Role bound to the ServiceAccount {@code serviceAccount}. */
  private static List<PolicyRule> rulesBoundTo(RenderedChart chart, String serviceAccount) {
    return chart.all(RoleBinding.class).stream()
        .filter(
            b ->
                b.getSubjects().stream()
                    .anyMatch(
                        s ->
                            "ServiceAccount".equals(s.getKind())
                                && serviceAccount.equals(s.getName())))
        .flatMap(b -> chart.one(Role.class, b.getRoleRef().getName()).getRules().stream())
        .toList();
  }

  private static List<EnvVar> secretEnv(RenderedChart chart) {
    return chart.all(Deployment.class).stream()
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .flatMap(c -> secretEnv(c).stream())
        .toList();
  }

  private static List<EnvVar> secretEnv(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .toList();
  }

  private static Container operatorContainer(RenderedChart chart) {
    return chart
        .one(Deployment.class, "gw-tollgate-operator")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Container proxyContainer(RenderedChart chart) {
    return chart
        .one(Deployment.class, "gw-tollgate-proxy")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar e : container.getEnv()) {
      if (e.getValue() != null || e.getValueFrom() == null) {
        out.put(e.getName(), e.getValue() == null ? "" : e.getValue());
      }
    }
    return out;
  }

  /** The container port a Service or probe port names (by name or number), or null. */
  private static Integer portNumber(Container container, IntOrString port) {
    for (ContainerPort p : container.getPorts()) {
      if (port.getIntVal() != null
          ? port.getIntVal().equals(p.getContainerPort())
          : port.getStrVal().equals(p.getName())) {
        return p.getContainerPort();
      }
    }
    return null;
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }
}
