package io.tollgate.operator.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  @Test
  void settingsHideThePassword() {
    RedisSettings settings =
        new RedisSettings(
            "redis://u:inline@cache:6379", "app", "secret", RedisSettings.NONE.timeout());
    assertThat(settings.toString()).doesNotContain("secret").doesNotContain("inline");
  }
}
