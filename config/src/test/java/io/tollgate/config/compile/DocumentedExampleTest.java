package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.StandaloneSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the "Full example" of docs/resources.md compiling as the rules change. */
class DocumentedExampleTest {

  private static final Path REFERENCE = Path.of("../docs/resources.md");

  @Test
  void fullExampleInTheResourceReferenceCompiles(@TempDir Path temp) throws IOException {
    String doc = Files.readString(REFERENCE);
    int section = doc.indexOf("## Full example");
    assertThat(section).as("'## Full example' section in %s", REFERENCE).isNotNegative();
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    int end = doc.indexOf("```", start);
    Path example = Files.writeString(temp.resolve("example.yaml"), doc.substring(start, end));

    Compilation compilation = StandaloneSnapshots.compile(example, 1);

    assertThat(compilation.errors()).isEmpty();
    assertThat(compilation.snapshot().routes().keySet())
        .containsExactly("gpt-4o-mini", "llama-3-70b");
    assertThat(compilation.snapshot().keysBySha256().values())
        .singleElement()
        .satisfies(
            key ->
                assertThat(key.allowedModels())
                    .containsExactlyInAnyOrder("gpt-4o-mini", "llama-3-70b"));
  }
}
