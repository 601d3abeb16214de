package io.tollgate.config.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tollgate.config.ConfigError;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.ModelRouteSpec;
import io.tollgate.crds.TeamBudget;
import io.tollgate.crds.TeamBudgetSpec;
import io.tollgate.crds.Tollgate;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads the manifests standalone mode is configured with: one YAML file, or a directory of {@code
 * *.yaml}/{@code *.yml} files (not recursive), each possibly holding several {@code ---} separated
 * documents. Bad input becomes {@link ConfigError}s; nothing is thrown for it.
 */
public final class ManifestLoader {

  private static final Logger LOG = Logger.getLogger(ManifestLoader.class);

  private final ObjectMapper yaml;
  private final CustomResourceReader customResources;
  private final SecretReader secrets = new SecretReader();

  public ManifestLoader() {
    YAMLFactory factory = YAMLFactory.builder().build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // Decimals stay decimal text until bound, so a budget's limitUsd converts to nano-dollars
    // exactly rather than through a binary double.
    this.yaml = new ObjectMapper(factory).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.customResources = new CustomResourceReader();
  }

  /** Loads {@code fileOrDirectory}; a directory's files are read in name order. */
  public LoadedManifests load(Path fileOrDirectory) {
    Collector out = new Collector();
    String source = fileOrDirectory.toString();
    if (Files.isDirectory(fileOrDirectory)) {
      for (Path file : manifestFiles(fileOrDirectory, out)) {
        loadFile(file, out);
      }
    } else if (Files.isRegularFile(fileOrDirectory)) {
      loadFile(fileOrDirectory, out);
    } else if (Files.exists(fileOrDirectory, LinkOption.NOFOLLOW_LINKS)) {
      out.errors.add(
          new ConfigError(source, null, null, "not a regular file or directory (broken link?)"));
    } else {
      out.errors.add(
          new ConfigError(
              source, null, null, "no such file or directory; name a YAML file or a directory"));
    }
    return new LoadedManifests(
        out.modelRoutes,
        out.apiKeys,
        out.teamBudgets,
        out.secrets,
        out.ignored,
        List.copyOf(out.errors));
  }

  /**
   * The directory's YAML files sorted by name. Names starting with '.' are skipped: a mounted
   * ConfigMap holds {@code ..data} and timestamped directories next to the symlinks users mean.
   */
  private static List<Path> manifestFiles(Path directory, Collector out) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> isYamlName(p.getFileName().toString()))
          .filter(Files::isRegularFile) // follows symlinks
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      out.errors.add(new ConfigError(directory.toString(), null, null, cannotRead(e)));
      return List.of();
    }
  }

  private static boolean isYamlName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  private void loadFile(Path file, Collector out) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      out.errors.add(new ConfigError(source, null, null, "not valid UTF-8 text"));
      return;
    } catch (IOException e) {
      out.errors.add(new ConfigError(source, null, null, cannotRead(e)));
      return;
    }
    int document = 0;
    try (JsonParser parser = yaml.createParser(text)) {
      while (parser.nextToken() != null) {
        document++;
        ManifestOrigin origin =
            new ManifestOrigin(source, document, parser.currentTokenLocation().getLineNr());
        JsonNode node = yaml.readTree(parser);
        readDocument(node, origin, out);
      }
    } catch (JsonProcessingException e) {
      out.errors.add(new ConfigError(source, null, null, YamlErrors.describe(e)));
    } catch (IOException e) {
      out.errors.add(new ConfigError(source, null, null, cannotRead(e)));
    }
  }

  private void readDocument(JsonNode node, ManifestOrigin origin, Collector out) {
    if (isEmptyDocument(node)) {
      return; // e.g. after a trailing '---', or only comments; kubectl skips these too
    }
    String where = "document " + origin.document() + " (line " + origin.line() + ")";
    if (!(node instanceof ObjectNode document)) {
      out.errors.add(
          new ConfigError(
              origin.file(),
              null,
              null,
              where + " is not a mapping; expected a Kubernetes object"));
      return;
    }
    String apiVersion = text(document, "apiVersion");
    String kind = text(document, "kind");
    if (kind == null) {
      out.errors.add(
          new ConfigError(
              origin.file(), null, "kind", where + " has no kind; e.g. kind: ModelRoute"));
      return;
    }
    if (apiVersion == null) {
      out.errors.add(
          new ConfigError(
              origin.file(),
              null,
              "apiVersion",
              where
                  + " (kind "
                  + kind
                  + ") has no apiVersion; e.g. apiVersion: "
                  + expected(kind)));
      return;
    }
    if (Tollgate.API_VERSION.equals(apiVersion) && "ModelRoute".equals(kind)) {
      customResources
          .read(document, origin, ModelRoute::new, ModelRouteSpec.class, out.errors)
          .ifPresent(out.modelRoutes::add);
    } else if (Tollgate.API_VERSION.equals(apiVersion) && "ApiKey".equals(kind)) {
      customResources
          .read(document, origin, ApiKey::new, ApiKeySpec.class, out.errors)
          .ifPresent(out.apiKeys::add);
    } else if (Tollgate.API_VERSION.equals(apiVersion) && "TeamBudget".equals(kind)) {
      customResources
          .read(document, origin, TeamBudget::new, TeamBudgetSpec.class, out.errors)
          .ifPresent(out.teamBudgets::add);
    } else if ("v1".equals(apiVersion) && "Secret".equals(kind)) {
      secrets.read(document, origin, out.errors).ifPresent(out.secrets::add);
    } else if ("ModelRoute".equals(kind) || "ApiKey".equals(kind) || "TeamBudget".equals(kind)) {
      // A kind Tollgate reads under another version is a mistake, not someone else's manifest:
      // skipping it would silently drop a route, key or budget.
      out.errors.add(
          new ConfigError(
              origin.file(),
              kind + " " + documentName(document),
              "apiVersion",
              "apiVersion "
                  + apiVersion
                  + " is not served by this version of Tollgate; use "
                  + Tollgate.API_VERSION));
    } else {
      LOG.infof(
          "%s: ignoring %s %s in document %d: not a kind Tollgate reads",
          origin.file(), apiVersion, kind, origin.document());
      out.ignored.add(new IgnoredManifest(apiVersion, kind, origin));
    }
  }

  /** The YAML parser reports an empty document as null or, after '---', as an empty string. */
  private static boolean isEmptyDocument(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isTextual() && node.asText().isEmpty());
  }

  /** {@code namespace/name} from a document's metadata, as far as it can be read, for messages. */
  private static String documentName(ObjectNode document) {
    JsonNode metadata = document.path("metadata");
    String namespace = metadata.path("namespace").asText("default");
    return (namespace.isBlank() ? "default" : namespace) + "/" + metadata.path("name").asText("?");
  }

  private static String expected(String kind) {
    return "Secret".equals(kind) ? "v1" : Tollgate.API_VERSION;
  }

  /** A top-level string field, or null when absent or not a string. */
  private static String text(ObjectNode document, String field) {
    JsonNode value = document.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static String cannotRead(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    return "cannot read: " + e.getClass().getSimpleName();
  }

  /** Accumulates one {@link #load} call's results. */
  private static final class Collector {
    final List<LoadedResource<ModelRoute>> modelRoutes = new ArrayList<>();
    final List<LoadedResource<ApiKey>> apiKeys = new ArrayList<>();
    final List<LoadedResource<TeamBudget>> teamBudgets = new ArrayList<>();
    final List<LoadedSecret> secrets = new ArrayList<>();
    final List<IgnoredManifest> ignored = new ArrayList<>();
    final List<ConfigError> errors = new ArrayList<>();
  }
}
