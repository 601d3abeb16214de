package io.tollgate.config.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.compile.Compilation;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits, budgets, windows, teams and AWS backends survive the wire form unchanged. */
class SnapshotCodecTest {

  @Test
  void governanceRoundTripsWithTimeZonesTimesAndDays() {
    Compilation compilation =
        StandaloneSnapshots.compile(
            Path.of("src/test/resources/valid/governance/governance.yaml"), 4);
    assertThat(compilation.errors()).isEmpty();
    Snapshot original = compilation.snapshot();
    ClientKey key = original.keyBySha256(KeyHashes.sha256Hex("tg-gov"));
    assertThat(key.governance().limits().windows().get(0).days())
        .containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY);
    assertThat(key.governance().budget().limitNanos()).isEqualTo(12_345_678_901L);
    assertThat(key.governance().budget().alertThresholds()).containsExactly(25, 100);
    assertThat(key.governance().perModelLimits()).containsOnlyKeys("claude", "gpt-4o-mini");
    assertThat(original.team("platform").budgets()).hasSize(2);
    SnapshotCodec codec = new SnapshotCodec();

    Snapshot decoded = codec.decode(codec.encode(original));

    assertThat(decoded.checksum()).isEqualTo(original.checksum());
    assertThat(decoded.keysBySha256()).isEqualTo(original.keysBySha256());
    assertThat(decoded.teams()).isEqualTo(original.teams());
    assertThat(decoded.routes().values().toString())
        .isEqualTo(original.routes().values().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/bedrock.yaml", "examples/sagemaker.yaml"})
  void awsBackendsRoundTripWithTheirOptions(String example) {
    Compilation compilation = StandaloneSnapshots.compile(Path.of(example), 2);
    assertThat(compilation.errors()).isEmpty();
    Snapshot original = compilation.snapshot();
    SnapshotCodec codec = new SnapshotCodec();

    Snapshot decoded = codec.decode(codec.encode(original));

    assertThat(decoded.checksum()).isEqualTo(original.checksum());
    assertThat(decoded.routes()).isEqualTo(original.routes());
  }
}
