package io.tollgate.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.UnaryOperator;

/** An operator running against the test API server, with one fake proxy pod and a hand clock. */
public final class OperatorTestCluster implements AutoCloseable {

  public static final String NAMESPACE = "tollgate";

  public final KubernetesClient client;
  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final FakeProxyPod proxy = new FakeProxyPod();
  public final OperatorSettings settings;
  private TollgateOperator operator;

  public OperatorTestCluster(KubernetesClient client, Set<String> watchNamespaces) {
    this(client, watchNamespaces, s -> s);
  }

  /** An operator whose settings {@code adjust} changes from the test defaults. */
  public OperatorTestCluster(
      KubernetesClient client,
      Set<String> watchNamespaces,
      UnaryOperator<OperatorSettings> adjust) {
    this.client = client;
    OperatorSettings defaults =
        new OperatorSettings(
            watchNamespaces,
            NAMESPACE,
            "tollgate-snapshot",
            SnapshotSecrets.DEFAULT_MAX_PART_BYTES,
            "app.kubernetes.io/component=proxy",
            proxy.port(),
            "/q/health/ready",
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            false,
            "tollgate-operator",
            0);
    this.settings = adjust.apply(defaults);
    if (client.pods().inNamespace(NAMESPACE).withName("proxy-0").get() == null) {
      FakeProxyPod.register(client, NAMESPACE, "proxy-0");
    }
  }

  public TollgateOperator start() {
    operator = new TollgateOperator(client, settings, clock, new SimpleMeterRegistry());
    operator.start();
    return operator;
  }

  public TollgateOperator operator() {
    return operator;
  }

  /** Stops the operator (not the proxy), as a pod restart would. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** The snapshot the Secrets hold now, reassembled as a proxy would. */
  public Snapshot snapshot() {
    SnapshotSecrets.Assembly assembly =
        new SnapshotSecrets()
            .assemble(
                client
                    .secrets()
                    .inNamespace(NAMESPACE)
                    .withLabel(SnapshotSecrets.LABEL, settings.snapshotName())
                    .list()
                    .getItems());
    return assembly.snapshot();
  }

  /** Lets the fake proxy report the snapshot version now published. */
  public void proxiesCatchUp() {
    proxy.serve(Eventually.await(Duration.ofSeconds(5), this::snapshot, s -> s != null).version());
  }

  public static String value(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    stopOperator();
    proxy.close();
  }
}
