package io.tollgate.config.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot survives encoding, splitting and reassembly; damaged or mixed parts do not. */
class SnapshotSecretsTest {

  private final SnapshotSecrets secrets = new SnapshotSecrets();

  private static Snapshot snapshot(long version) {
    Snapshot snapshot =
        StandaloneSnapshots.compile(Path.of("src/test/resources/valid/gateway"), version)
            .snapshot();
    assertThat(snapshot).isNotNull();
    return snapshot;
  }

  /** Globs hold compiled patterns without value equality; the checksum covers every field. */
  private static void assertSameContent(Snapshot actual, Snapshot expected) {
    assertThat(actual.version()).isEqualTo(expected.version());
    assertThat(actual.checksum()).isEqualTo(expected.checksum());
    assertThat(actual.routes().keySet()).containsExactlyElementsOf(expected.routes().keySet());
    assertThat(actual.keysBySha256()).hasSameSizeAs(expected.keysBySha256());
    assertThat(actual.routes().values().toString())
        .isEqualTo(expected.routes().values().toString());
  }

  @Test
  void roundTripKeepsEveryRecordAndTheChecksum() {
    Snapshot original = snapshot(7);
    SnapshotCodec codec = new SnapshotCodec();

    Snapshot decoded = codec.decode(codec.encode(original));

    assertSameContent(decoded, original);
  }

  @Test
  void splitsIntoPartsThatReassembleInAnyOrder() {
    Snapshot original = snapshot(3);
    List<Secret> parts = secrets.toSecrets(original, "tollgate", "tollgate-snapshot", 100);
    assertThat(parts).hasSizeGreaterThan(2);
    assertThat(parts.get(0).getMetadata().getName()).isEqualTo("tollgate-snapshot-0");
    assertThat(parts.get(0).getMetadata().getLabels())
        .containsEntry(SnapshotSecrets.LABEL, "tollgate-snapshot");

    List<Secret> shuffled = new ArrayList<>(parts);
    Collections.reverse(shuffled);
    SnapshotSecrets.Assembly assembly = secrets.assemble(shuffled);

    assertThat(assembly.complete()).isTrue();
    assertSameContent(assembly.snapshot(), original);
  }

  @Test
  void waitsWhileANewVersionIsPartlyWrittenAndNeverMixesVersions() {
    List<Secret> old = secrets.toSecrets(snapshot(1), "ns", "snap", 100);
    List<Secret> next = secrets.toSecrets(snapshot(2), "ns", "snap", 100);
    List<Secret> midUpdate = new ArrayList<>(old);
    midUpdate.set(0, next.get(0));

    SnapshotSecrets.Assembly assembly = secrets.assemble(midUpdate);

    assertThat(assembly.complete()).isFalse();
    assertThat(assembly.invalid()).isFalse();
    assertThat(assembly.problem()).contains("version 2 is not complete");
  }

  @Test
  void corruptPartsAreInvalid() {
    List<Secret> parts = secrets.toSecrets(snapshot(1), "ns", "snap", 1_000_000);
    Secret damaged =
        new SecretBuilder(parts.get(0))
            .withData(
                java.util.Map.of(
                    SnapshotSecrets.DATA_KEY,
                    Base64.getEncoder().encodeToString("not gzip".getBytes())))
            .build();

    SnapshotSecrets.Assembly assembly = secrets.assemble(List.of(damaged));

    assertThat(assembly.invalid()).isTrue();
    assertThat(assembly.problem()).contains("digest");
  }

  @Test
  void decodeRejectsGarbageWithoutEchoingIt() {
    assertThatThrownBy(() -> new SnapshotCodec().decode("sk-secret".getBytes()))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageNotContaining("sk-secret");
  }
}
