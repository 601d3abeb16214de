package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.ConfigError;
import io.tollgate.config.StandaloneSnapshots;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One fixture per invalid input under {@code src/test/resources/invalid/}. Each fixture states the
 * errors it must produce in {@code # error: } comment lines, written as {@link
 * ConfigError#toString()} without the leading {@code source: }; {@code {file}} stands for the
 * fixture's own path. A fixture without any expected error fails, so none can sit there untested.
 */
class InvalidManifestsTest {

  private static final String EXPECTED_PREFIX = "# error: ";

  @TestFactory
  Stream<DynamicTest> everyInvalidFixtureReportsExactlyItsExpectedErrors() throws Exception {
    List<Path> fixtures;
    try (Stream<Path> files = Files.list(fixtureDirectory())) {
      fixtures = files.sorted().toList();
    }
    assertThat(fixtures).isNotEmpty();
    return fixtures.stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> check(fixture)));
  }

  private static void check(Path fixture) throws IOException {
    String source = fixture.toString();
    List<String> expected =
        Files.readAllLines(fixture).stream()
            .filter(line -> line.startsWith(EXPECTED_PREFIX))
            .map(line -> line.substring(EXPECTED_PREFIX.length()).replace("{file}", source))
            .map(line -> source + ": " + line)
            .toList();
    assertThat(expected).as("expected '# error: ' lines in %s", fixture).isNotEmpty();

    Compilation compilation = StandaloneSnapshots.compile(fixture, 1);

    assertThat(compilation.snapshot()).isNull();
    assertThat(compilation.errors()).map(ConfigError::toString).containsExactlyElementsOf(expected);
    // Fixtures mark every secret value with "not-shown" (or the classic hunter2 password).
    assertThat(compilation.errors())
        .map(ConfigError::toString)
        .noneMatch(message -> message.contains("not-shown") || message.contains("hunter2"));
  }

  private static Path fixtureDirectory() throws URISyntaxException {
    return Path.of(InvalidManifestsTest.class.getResource("/invalid").toURI());
  }
}
