package io.tollgate.proxy.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tollgate.fakes.FakeOpenAi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster for the operator-to-proxy test, in this JVM: Fabric8's mock API server in CRUD mode and
 * two fake OpenAI upstreams that answer with different fixed replies, so a test can tell which one
 * served. The proxy under test runs in cluster mode against the mock server; the test starts the
 * operator itself once the proxy's management port is known.
 */
public class ClusterTestEnvironment implements QuarkusTestResourceLifecycleManager {

  public static final String SNAPSHOT_NAMESPACE = "tollgate";
  public static final String SNAPSHOT_NAME = "tollgate-snapshot";
  public static final String UPSTREAM_KEY = "sk-cluster-upstream-credential";
  public static final String REPLY_A = "answered by upstream A";
  public static final String REPLY_B = "answered by upstream B";

  /** The fabric8 settings the proxy's own client reads (it builds it from the environment). */
  private static final List<String> CLIENT_PROPERTIES =
      List.of(
          Config.KUBERNETES_MASTER_SYSTEM_PROPERTY,
          Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY,
          Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY,
          Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY);

  private static KubernetesMockServer server;
  private static FakeOpenAi upstreamA;
  private static FakeOpenAi upstreamB;

  public static FakeOpenAi upstreamA() {
    return upstreamA;
  }

  public static FakeOpenAi upstreamB() {
    return upstreamB;
  }

  /** A new client of the mock API server (the operator's and the test's own). */
  public static NamespacedKubernetesClient newClient() {
    return server.createClient();
  }

  @Override
  public Map<String, String> start() {
    server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    upstreamA = FakeOpenAi.start();
    upstreamA.setExpectedApiKey(UPSTREAM_KEY);
    upstreamA.setFixedReply(REPLY_A);
    upstreamB = FakeOpenAi.start();
    upstreamB.setExpectedApiKey(UPSTREAM_KEY);
    upstreamB.setFixedReply(REPLY_B);
    // The proxy builds its client with KubernetesClientBuilder, as in a pod; in a pod that finds
    // the
    // service account, here these system properties name the mock server instead.
    System.setProperty(
        Config.KUBERNETES_MASTER_SYSTEM_PROPERTY,
        "http://" + server.getHostName() + ":" + server.getPort());
    System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
    System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
    System.setProperty(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, SNAPSHOT_NAMESPACE);
    return Map.of(
        "tollgate.source", "cluster",
        "tollgate.cluster.namespace", SNAPSHOT_NAMESPACE,
        "tollgate.cluster.snapshot-name", SNAPSHOT_NAME);
  }

  @Override
  public void stop() {
    CLIENT_PROPERTIES.forEach(System::clearProperty);
    if (upstreamA != null) {
      upstreamA.close();
    }
    if (upstreamB != null) {
      upstreamB.close();
    }
    if (server != null) {
      server.destroy();
    }
  }
}
