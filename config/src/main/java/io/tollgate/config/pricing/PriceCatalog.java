package io.tollgate.config.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tollgate.config.snapshot.Pricing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * List prices of common models by provider and upstream model id, from the catalog file shipped
 * with Tollgate ({@code prices.yaml} next to this class, which names its sources and date). Used
 * for backends whose ModelRoute gives no price; a route's own {@code pricing} wins field by field.
 */
public final class PriceCatalog {

  /** The catalog file on the class path, relative to this class. */
  static final String RESOURCE = "prices.yaml";

  private final LocalDate taken;
  private final Map<String, Map<String, Pricing>> byProvider;

  private PriceCatalog(LocalDate taken, Map<String, Map<String, Pricing>> byProvider) {
    this.taken = taken;
    this.byProvider = byProvider;
  }

  /** The catalog shipped with Tollgate; read once, immutable. */
  public static PriceCatalog bundled() {
    return Bundled.CATALOG;
  }

  /** A catalog with no entries: every backend needs its own pricing. */
  public static PriceCatalog empty() {
    return new PriceCatalog(null, Map.of());
  }

  /**
   * Parses a catalog in the format of the bundled file.
   *
   * @throws IllegalArgumentException when the text is not a valid catalog
   */
  public static PriceCatalog parse(InputStream yaml) {
    ObjectMapper mapper =
        JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    CatalogFile file;
    try {
      file = mapper.readValue(yaml, CatalogFile.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a valid price catalog: " + e.getMessage(), e);
    }
    if (file == null || file.providers() == null) {
      throw new IllegalArgumentException("a price catalog needs 'providers'");
    }
    Map<String, Map<String, Pricing>> byProvider = new HashMap<>();
    file.providers()
        .forEach(
            (provider, entries) -> {
              Map<String, Pricing> models = new HashMap<>();
              entries.forEach(
                  (model, entry) -> {
                    Pricing pricing = entry.pricing(provider + " " + model);
                    for (String id : ids(model, entry)) {
                      if (models.put(id, pricing) != null) {
                        throw new IllegalArgumentException(
                            "price catalog lists " + provider + " model " + id + " twice");
                      }
                    }
                  });
              byProvider.put(provider, Map.copyOf(models));
            });
    LocalDate taken;
    try {
      taken = file.taken() == null ? null : LocalDate.parse(file.taken());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("price catalog 'taken' is not a date: " + file.taken());
    }
    return new PriceCatalog(taken, Map.copyOf(byProvider));
  }

  private static List<String> ids(String model, Entry entry) {
    return entry.aliases() == null
        ? List.of(model)
        : Stream.concat(Stream.of(model), entry.aliases().stream()).toList();
  }

  /** The date the catalog's prices were taken, or null when it does not say. */
  public LocalDate taken() {
    return taken;
  }

  /**
   * The list price of {@code upstreamModel} at {@code provider} (a provider wire name such as
   * {@code openai}, {@code anthropic} or {@code bedrock}), or null when the catalog has none. A
   * Bedrock id may carry an inference-profile prefix ({@code us.anthropic.claude-...}) or be an ARN
   * ending in the model or profile id.
   */
  public Pricing lookup(String provider, String upstreamModel) {
    Map<String, Pricing> models = byProvider.get(provider);
    if (models == null || upstreamModel == null) {
      return null;
    }
    Pricing exact = models.get(upstreamModel);
    if (exact != null || !"bedrock".equals(provider)) {
      return exact;
    }
    String id = upstreamModel;
    if (id.startsWith("arn:")) {
      id = id.substring(id.lastIndexOf('/') + 1);
      Pricing byArn = models.get(id);
      if (byArn != null) {
        return byArn;
      }
    }
    // An inference profile id is the model id behind a geography prefix: us., eu., global., ...
    int dot = id.indexOf('.');
    return dot > 0 ? models.get(id.substring(dot + 1)) : null;
  }

  /** The catalog file's shape. */
  record CatalogFile(String taken, Map<String, Map<String, Entry>> providers) {}

  /** One model's prices in USD per million tokens, and the other ids it goes by. */
  record Entry(
      Double inputPerMillionUsd,
      Double outputPerMillionUsd,
      Double cachedInputPerMillionUsd,
      Double cacheWritePerMillionUsd,
      List<String> aliases) {

    Pricing pricing(String what) {
      if (inputPerMillionUsd == null || outputPerMillionUsd == null) {
        throw new IllegalArgumentException(
            "price catalog entry " + what + " needs inputPerMillionUsd and outputPerMillionUsd");
      }
      return new Pricing(
          inputPerMillionUsd,
          outputPerMillionUsd,
          cachedInputPerMillionUsd == null ? inputPerMillionUsd : cachedInputPerMillionUsd,
          cacheWritePerMillionUsd == null ? inputPerMillionUsd : cacheWritePerMillionUsd);
    }
  }

  /** Loads the bundled catalog on first use; a broken file is a build error, not a user one. */
  private static final class Bundled {
    static final PriceCatalog CATALOG = load();

    private static PriceCatalog load() {
      try (InputStream in = PriceCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        return parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
