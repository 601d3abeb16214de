package io.tollgate.proxy.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.proxy.config.ReloadOutcome;
import io.tollgate.proxy.config.SnapshotHolder;
import io.tollgate.proxy.observe.GatewayMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster mode swaps in complete snapshots, waits for partial ones, keeps the last good one. */
class ClusterSnapshotApplierTest {

  private final SnapshotHolder holder = new SnapshotHolder();
  private final ClusterSnapshotApplier applier =
      new ClusterSnapshotApplier(
          holder, new GatewayMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
  private final SnapshotSecrets layout = new SnapshotSecrets();

  private static Snapshot snapshot(long version) {
    return StandaloneSnapshots.compile(Path.of("../config/quickstart"), version).snapshot();
  }

  @Test
  void servesACompleteSnapshotAndIgnoresARepeat() {
    List<Secret> parts = layout.toSecrets(snapshot(4), "tollgate", "snap", 256);

    ReloadOutcome first = applier.apply(parts);

    assertThat(first.result()).isEqualTo(ReloadOutcome.Result.APPLIED);
    assertThat(holder.current().snapshot().version()).isEqualTo(4);
    assertThat(applier.apply(parts)).isNull();
  }

  @Test
  void waitsForEveryPartOfANewVersion() {
    applier.apply(layout.toSecrets(snapshot(1), "tollgate", "snap", 256));
    List<Secret> next = layout.toSecrets(snapshot(2), "tollgate", "snap", 256);
    assertThat(next).hasSizeGreaterThan(1);

    assertThat(applier.apply(next.subList(0, 1))).isNull();
    assertThat(holder.current().snapshot().version()).isEqualTo(1);
  }

  @Test
  void keepsTheLastGoodSnapshotWhenTheNewOneIsCorrupt() {
    applier.apply(layout.toSecrets(snapshot(1), "tollgate", "snap", 1 << 20));
    List<Secret> bad = new ArrayList<>();
    for (Secret part : layout.toSecrets(snapshot(2), "tollgate", "snap", 1 << 20)) {
      bad.add(
          new SecretBuilder(part)
              .withData(
                  Map.of(
                      SnapshotSecrets.DATA_KEY,
                      Base64.getEncoder().encodeToString("garbage".getBytes())))
              .build());
    }

    ReloadOutcome outcome = applier.apply(bad);

    assertThat(outcome.result()).isEqualTo(ReloadOutcome.Result.REJECTED);
    assertThat(outcome.errors()).singleElement().asString().contains("version 2");
    assertThat(holder.current().snapshot().version()).isEqualTo(1);
    assertThat(holder.lastReload().rejected()).isTrue();
  }
}
