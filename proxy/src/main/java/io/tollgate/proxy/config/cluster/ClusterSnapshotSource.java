package io.tollgate.proxy.config.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.config.SnapshotHolder;
import io.tollgate.proxy.observe.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Cluster mode ({@code tollgate.source=cluster}): watches only the snapshot Secrets the operator
 * writes (one namespace, one label selector — all the RBAC the proxy needs is get/list/watch on
 * Secrets there) and serves each new complete snapshot within the watch latency. The proxy is
 * unready until the first snapshot arrives.
 */
@ApplicationScoped
public class ClusterSnapshotSource {

  private static final Logger LOG = Logger.getLogger(ClusterSnapshotSource.class);

  private final GatewayConfig config;
  private final ClusterSnapshotApplier applier;
  private KubernetesClient client;
  private SharedIndexInformer<Secret> informer;

  public ClusterSnapshotSource(
      GatewayConfig config, SnapshotHolder holder, GatewayMetrics metrics, Clock clock) {
    this.config = config;
    this.applier = new ClusterSnapshotApplier(holder, metrics, clock);
  }

  void onStart(@Observes StartupEvent event) {
    if (!GatewayConfig.SOURCE_CLUSTER.equals(config.source())) {
      return;
    }
    client = new KubernetesClientBuilder().build();
    String namespace = config.cluster().namespace().orElse(client.getNamespace());
    String name = config.cluster().snapshotName();
    LOG.infof(
        "Cluster mode: watching Secrets %s in namespace %s",
        SnapshotSecrets.selector(name), namespace);
    informer =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel(SnapshotSecrets.LABEL, name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret obj) {
                    reassemble();
                  }

                  @Override
                  public void onUpdate(Secret oldObj, Secret newObj) {
                    reassemble();
                  }

                  @Override
                  public void onDelete(Secret obj, boolean deletedFinalStateUnknown) {
                    reassemble();
                  }
                },
                0);
    reassemble();
  }

  private void reassemble() {
    SharedIndexInformer<Secret> watching = informer;
    if (watching != null) {
      try {
        applier.apply(watching.getStore().list());
      } catch (RuntimeException e) {
        LOG.error("Applying the cluster snapshot failed; still serving the last good one", e);
      }
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    if (informer != null) {
      informer.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
