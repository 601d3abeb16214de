package io.tollgate.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the very CRDs the build generates: {@code helm/tollgate/crds/} must equal
 * {@code crds/generated/} file for file. After regenerating the CRDs, copy them: {@code cp
 * crds/generated/*.yml helm/tollgate/crds/}.
 */
class ChartCrdsTest {

  @Test
  void chartCrdsEqualTheGeneratedOnes() throws IOException {
    Map<String, String> generated = read(Path.of("..", "crds", "generated"));
    Map<String, String> chart = read(RenderedChart.CHART.resolve("crds"));
    assertThat(generated).isNotEmpty();
    assertThat(chart.keySet())
        .as("CRD files in helm/tollgate/crds (copy them from crds/generated)")
        .containsExactlyInAnyOrderElementsOf(generated.keySet());
    generated.forEach(
        (file, content) ->
            assertThat(chart.get(file))
                .as(
                    "helm/tollgate/crds/%s differs from crds/generated/%s; copy it again",
                    file, file)
                .isEqualTo(content));
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .toList()) {
        out.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return out;
  }
}
