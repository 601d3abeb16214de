package io.tollgate.operator.snapshot;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes the snapshot Secrets with plain create and optimistic update (resourceVersion), the same
 * calls in production and against the test API server. Parts left over from a larger previous
 * snapshot are deleted after the new parts are in place; readers never mix versions because every
 * part names its version and the digest of the whole.
 */
final class SnapshotWriter {

  private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final int maxPartBytes;
  private final SnapshotSecrets layout = new SnapshotSecrets();

  SnapshotWriter(KubernetesClient client, String namespace, String name, int maxPartBytes) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.maxPartBytes = maxPartBytes;
  }

  /**
   * The version and checksum already published, so a restarted operator neither goes back in
   * version nor rewrites an unchanged snapshot.
   */
  Published readPublished() {
    List<Secret> parts = current();
    SnapshotSecrets.Assembly assembly = layout.assemble(parts);
    if (assembly.complete()) {
      return new Published(assembly.snapshot().version(), assembly.snapshot().checksum());
    }
    long newest =
        parts.stream()
            .map(SnapshotSecrets::announced)
            .flatMap(Optional::stream)
            .mapToLong(SnapshotSecrets.Announced::version)
            .max()
            .orElse(0);
    return new Published(newest, null);
  }

  void write(Snapshot snapshot) {
    List<Secret> desired = layout.toSecrets(snapshot, namespace, name, maxPartBytes);
    for (Secret part : desired) {
      Secret existing =
          client.secrets().inNamespace(namespace).withName(part.getMetadata().getName()).get();
      if (existing == null) {
        client.secrets().inNamespace(namespace).resource(part).create();
      } else {
        part.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.secrets().inNamespace(namespace).resource(part).update();
      }
    }
    for (Secret stale : current()) {
      int index = SnapshotSecrets.announced(stale).map(SnapshotSecrets.Announced::part).orElse(-1);
      if (index < 0 || index >= desired.size()) {
        client.secrets().inNamespace(namespace).resource(stale).delete();
      }
    }
    LOG.infof(
        "Published snapshot version %d (%s) in %d Secret(s) %s/%s-*",
        snapshot.version(), snapshot.checksum().substring(0, 12), desired.size(), namespace, name);
  }

  private List<Secret> current() {
    return client
        .secrets()
        .inNamespace(namespace)
        .withLabel(SnapshotSecrets.LABEL, name)
        .list()
        .getItems();
  }

  /** What the Secrets hold now; checksum null when they hold no complete snapshot. */
  record Published(long version, String checksum) {}
}
