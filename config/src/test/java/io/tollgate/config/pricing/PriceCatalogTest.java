package io.tollgate.config.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.config.snapshot.Pricing;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Lookups in the bundled price catalog, and what a malformed catalog does. */
class PriceCatalogTest {

  private final PriceCatalog catalog = PriceCatalog.bundled();

  @Test
  void saysWhenItsPricesWereTaken() {
    assertThat(catalog.taken()).isAfter(LocalDate.of(2025, 1, 1));
  }

  @Test
  void findsOpenAiModelsByIdAndDatedAlias() {
    Pricing mini = new Pricing(0.15, 0.60, 0.075, 0.15);

    assertThat(catalog.lookup("openai", "gpt-4o-mini")).isEqualTo(mini);
    assertThat(catalog.lookup("openai", "gpt-4o-mini-2024-07-18")).isEqualTo(mini);
    assertThat(catalog.lookup("openai", "gpt-4.1")).isEqualTo(new Pricing(2.00, 8.00, 0.50, 2.00));
    assertThat(catalog.lookup("openai", "text-embedding-3-small"))
        .isEqualTo(new Pricing(0.02, 0, 0.02, 0.02));
  }

  @Test
  void findsAnthropicModelsWithCacheWritePrices() {
    Pricing sonnet = new Pricing(3.00, 15.00, 0.30, 3.75);

    assertThat(catalog.lookup("anthropic", "claude-sonnet-4-5-20250929")).isEqualTo(sonnet);
    assertThat(catalog.lookup("anthropic", "claude-sonnet-4-5")).isEqualTo(sonnet);
    assertThat(catalog.lookup("anthropic", "claude-3-5-haiku-20241022"))
        .isEqualTo(new Pricing(0.80, 4.00, 0.08, 1.00));
  }

  @Test
  void findsBedrockModelsThroughInferenceProfilesAndArns() {
    Pricing sonnet = new Pricing(3.00, 15.00, 0.30, 3.75);
    String id = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    assertThat(catalog.lookup("bedrock", id)).isEqualTo(sonnet);
    assertThat(catalog.lookup("bedrock", "us." + id)).isEqualTo(sonnet);
    assertThat(catalog.lookup("bedrock", "eu." + id)).isEqualTo(sonnet);
    assertThat(catalog.lookup("bedrock", "arn:aws:bedrock:us-east-1::foundation-model/" + id))
        .isEqualTo(sonnet);
    assertThat(
            catalog.lookup(
                "bedrock", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + id))
        .isEqualTo(sonnet);
    assertThat(catalog.lookup("bedrock", "amazon.nova-pro-v1:0"))
        .isEqualTo(new Pricing(0.80, 3.20, 0.20, 0.80));
    assertThat(catalog.lookup("bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"))
        .as("no prompt caching on this model: cache prices are the input price")
        .isEqualTo(new Pricing(3.00, 15.00, 3.00, 3.00));
  }

  @Test
  void unknownModelsAndProvidersHaveNoPrice() {
    assertThat(catalog.lookup("openai", "gpt-4o-mini-custom")).isNull();
    assertThat(catalog.lookup("openai", "anthropic.claude-3-7-sonnet-20250219-v1:0")).isNull();
    assertThat(catalog.lookup("openai-compatible", "gpt-4o-mini")).isNull();
    assertThat(catalog.lookup("azure-openai", "gpt-4o-mini")).isNull();
    assertThat(
            catalog.lookup(
                "bedrock",
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x"))
        .isNull();
    assertThat(catalog.lookup("bedrock", "claude-3-7-sonnet-20250219")).isNull();
  }

  @Test
  void malformedCatalogsAreRejected() {
    assertThatThrownBy(() -> parse("providers: {openai: {m: {inputPerMillionUsd: 1}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openai m needs inputPerMillionUsd and outputPerMillionUsd");
    assertThatThrownBy(
            () ->
                parse(
                    "providers: {openai: {a: {inputPerMillionUsd: 1, outputPerMillionUsd: 2,"
                        + " aliases: [b]}, b: {inputPerMillionUsd: 1, outputPerMillionUsd: 2}}}"))
        .hasMessageContaining("lists openai model b twice");
    assertThatThrownBy(() -> parse("providers: {openai: {a: {input: 1}}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static PriceCatalog parse(String yaml) {
    return PriceCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }
}
