package io.tollgate.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The chart rendered with some values and parsed back into typed Kubernetes objects (unknown kinds,
 * such as ServiceMonitor, as generic resources): what `helm template` would hand the API server.
 */
final class RenderedChart {

  static final Path CHART = Path.of("..", "helm", "tollgate");
  static final String RELEASE = "gw";
  static final String NAMESPACE = "tollgate-system";

  /** helm-java renders for Kubernetes 1.20 unless told; the chart needs 1.25 or later. */
  static final String KUBE_VERSION = "v1.31.0";

  final String yaml;
  final List<HasMetadata> objects;

  private RenderedChart(String yaml, List<HasMetadata> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  static RenderedChart render(Map<String, Object> values) {
    return render(t -> t, values);
  }

  static RenderedChart render(UnaryOperator<TemplateCommand> options, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    values.forEach(template::set);
    String yaml = options.apply(template).call();
    return new RenderedChart(yaml, parse(yaml));
  }

  private static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        out.add(Serialization.unmarshal(doc.toString(), HasMetadata.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }
}
