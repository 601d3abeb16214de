package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.StandaloneSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksum follows the compiled content, not the files' layout or the version. */
class SnapshotChecksumTest {

  @TempDir Path temp;

  private static String checksum(Path config) {
    Compilation compilation = StandaloneSnapshots.compile(config, 1);
    assertThat(compilation.errors()).isEmpty();
    return compilation.snapshot().checksum();
  }

  @Test
  void isStableAcrossCompilesAndVersions() {
    String first = checksum(SnapshotCompilerTest.GATEWAY);

    assertThat(first).matches("[0-9a-f]{64}");
    assertThat(StandaloneSnapshots.compile(SnapshotCompilerTest.GATEWAY, 99).snapshot().checksum())
        .isEqualTo(first);
  }

  @Test
  void ignoresFileAndDocumentOrder() throws IOException {
    // Every document of the fixture, in reverse order, in one file.
    List<String> documents = new ArrayList<>();
    for (String file : List.of("keys.yaml", "routes.yaml", "secrets.yaml")) {
      documents.addAll(List.of(read(file).split("(?m)^---$")));
    }
    Collections.reverse(documents);
    Path single = temp.resolve("all.yaml");
    Files.writeString(single, String.join("\n---\n", documents));

    assertThat(checksum(single)).isEqualTo(checksum(SnapshotCompilerTest.GATEWAY));
  }

  @Test
  void changesWithACredential() throws IOException {
    Path changed = copyGatewayReplacing("secrets.yaml", "vllm-test-token", "vllm-test-token-2");

    assertThat(checksum(changed)).isNotEqualTo(checksum(SnapshotCompilerTest.GATEWAY));
  }

  @Test
  void changesWithAnAllowedGlob() throws IOException {
    Path changed = copyGatewayReplacing("keys.yaml", "\"llama-3-?b\"", "\"llama-3-*\"");

    assertThat(checksum(changed)).isNotEqualTo(checksum(SnapshotCompilerTest.GATEWAY));
  }

  @Test
  void changesWithABaseUrl() throws IOException {
    Path changed =
        copyGatewayReplacing("routes.yaml", "http://vllm-70b:8000/v1", "http://vllm-70b:8001/v1");

    assertThat(checksum(changed)).isNotEqualTo(checksum(SnapshotCompilerTest.GATEWAY));
  }

  /** A copy of the gateway fixture with {@code from} replaced by {@code to} in {@code file}. */
  private Path copyGatewayReplacing(String file, String from, String to) throws IOException {
    Path copy = Files.createDirectory(temp.resolve("gateway"));
    for (String name : List.of("keys.yaml", "routes.yaml", "secrets.yaml")) {
      String text = read(name);
      if (name.equals(file)) {
        assertThat(text).contains(from);
        text = text.replace(from, to);
      }
      Files.writeString(copy.resolve(name), text);
    }
    return copy;
  }

  private static String read(String file) throws IOException {
    return Files.readString(SnapshotCompilerTest.GATEWAY.resolve(file));
  }
}
