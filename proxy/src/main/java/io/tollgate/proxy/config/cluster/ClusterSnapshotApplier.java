package io.tollgate.proxy.config.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.proxy.config.ReloadOutcome;
import io.tollgate.proxy.config.ReloadOutcome.Result;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.tollgate.proxy.observe.GatewayMetrics;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Cluster mode's decision on each change of the snapshot Secrets: serve a complete, valid new
 * snapshot at once (atomic swap); wait while parts of a new version are still arriving; keep the
 * last good snapshot, and say why, when the newest one is invalid.
 */
public final class ClusterSnapshotApplier {

  private static final Logger LOG = Logger.getLogger(ClusterSnapshotApplier.class);

  private final SnapshotHolder holder;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final SnapshotSecrets layout = new SnapshotSecrets();
  private String servedChecksum;
  private long rejectedVersion = -1;

  public ClusterSnapshotApplier(SnapshotHolder holder, GatewayMetrics metrics, Clock clock) {
    this.holder = holder;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Reassembles {@code secrets} and serves the result when it is new and valid. */
  public synchronized ReloadOutcome apply(Collection<Secret> secrets) {
    SnapshotSecrets.Assembly assembly = layout.assemble(secrets);
    long serving = holder.current() == null ? -1 : holder.current().snapshot().version();
    ReloadOutcome outcome;
    if (assembly.complete()) {
      Snapshot snapshot = assembly.snapshot();
      if (snapshot.checksum().equals(servedChecksum)) {
        return null; // an unrelated update of a part (labels, resync): nothing to do
      }
      holder.install(new ServingSnapshot(snapshot, clock.instant()));
      servedChecksum = snapshot.checksum();
      rejectedVersion = -1;
      outcome = new ReloadOutcome(Result.APPLIED, snapshot.version(), clock.instant(), List.of());
      LOG.infof(
          "Serving snapshot version %d from the cluster (%d model(s), %d key(s), checksum %s)",
          snapshot.version(),
          snapshot.routes().size(),
          snapshot.keysBySha256().size(),
          snapshot.checksum().substring(0, 12));
    } else if (assembly.invalid()) {
      if (assembly.version() == rejectedVersion) {
        return null;
      }
      rejectedVersion = assembly.version();
      outcome =
          new ReloadOutcome(
              Result.REJECTED,
              serving,
              clock.instant(),
              List.of("snapshot version " + assembly.version() + ": " + assembly.problem()));
      LOG.errorf(
          "Snapshot version %d rejected: %s; still serving version %d",
          assembly.version(), assembly.problem(), serving);
    } else {
      LOG.debugf("Waiting: %s", assembly.problem());
      return null;
    }
    holder.recordReload(outcome);
    metrics.configReloaded(outcome);
    return outcome;
  }
}
