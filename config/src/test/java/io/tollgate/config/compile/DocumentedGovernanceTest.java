package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.StandaloneSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps every manifest in the "Resources" section of docs/governance.md compiling. */
class DocumentedGovernanceTest {

  private static final Path GUIDE = Path.of("../docs/governance.md");

  /** What the guide says its examples assume: three routes and a key Secret. */
  private static final String ASSUMED =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: openai-credentials}
      stringData: {apiKey: sk-replace-me}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: alice-key}
      stringData: {key: tg-alice-replace-me}
      ---
      apiVersion: tollgate.io/v1alpha1
      kind: ModelRoute
      metadata: {name: gpt-4o-mini}
      spec:
        backends:
          - {name: a, provider: openai, model: gpt-4o-mini, credentialsSecretRef: {name: openai-credentials, key: apiKey}}
      ---
      apiVersion: tollgate.io/v1alpha1
      kind: ModelRoute
      metadata: {name: gpt-4o}
      spec:
        backends:
          - {name: a, provider: openai, model: gpt-4o, credentialsSecretRef: {name: openai-credentials, key: apiKey}}
      ---
      apiVersion: tollgate.io/v1alpha1
      kind: ModelRoute
      metadata: {name: claude-sonnet}
      spec:
        backends:
          - {name: a, provider: anthropic, model: claude-sonnet-4-5, credentialsSecretRef: {name: openai-credentials, key: apiKey}}
      """;

  @Test
  void everyResourceExampleCompiles(@TempDir Path temp) throws IOException {
    List<String> examples = yamlBlocks(Files.readString(GUIDE));
    assertThat(examples).hasSizeGreaterThanOrEqualTo(6);

    for (int i = 0; i < examples.size(); i++) {
      Path file =
          Files.writeString(
              temp.resolve("example-" + i + ".yaml"), ASSUMED + "---\n" + examples.get(i));

      Compilation compilation = StandaloneSnapshots.compile(file, 1);

      assertThat(compilation.errors()).as("example %d:%n%s", i, examples.get(i)).isEmpty();
    }
  }

  private static List<String> yamlBlocks(String guide) {
    int start = guide.indexOf("## Resources");
    int end = guide.indexOf("## How enforcement works");
    assertThat(start).isNotNegative();
    assertThat(end).isGreaterThan(start);
    String section = guide.substring(start, end);
    List<String> blocks = new ArrayList<>();
    for (int at = section.indexOf("```yaml\n"); at >= 0; at = section.indexOf("```yaml\n", at)) {
      int from = at + "```yaml\n".length();
      int to = section.indexOf("```", from);
      blocks.add(section.substring(from, to));
      at = to + 3;
    }
    return blocks;
  }
}
