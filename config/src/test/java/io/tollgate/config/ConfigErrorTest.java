package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigErrorTest {

  @Test
  void printsEveryPartThatIsKnown() {
    ConfigError error =
        new ConfigError(
            "routes.yaml",
            "ModelRoute default/chat-fast",
            "spec.backends[0].provider",
            "unknown provider 'antropic'; expected one of openai, openai-compatible");

    assertThat(error)
        .hasToString(
            "routes.yaml: ModelRoute default/chat-fast: spec.backends[0].provider: unknown provider"
                + " 'antropic'; expected one of openai, openai-compatible");
  }

  @Test
  void skipsResourceAndFieldWhenUnknown() {
    assertThat(new ConfigError("routes.yaml", null, null, "invalid YAML"))
        .hasToString("routes.yaml: invalid YAML");
    assertThat(new ConfigError("routes.yaml", null, "kind", "no kind"))
        .hasToString("routes.yaml: kind: no kind");
  }
}
