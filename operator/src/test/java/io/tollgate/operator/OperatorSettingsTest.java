package io.tollgate.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void withoutARedisUrlSpendIsNotRead() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.redis().configured()).isFalse();
    assertThat(settings.budgetStatusInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void redisSettingsAreTheProxysVariables() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "TOLLGATE_REDIS_URL", "rediss://cache:6379",
                "TOLLGATE_REDIS_USERNAME", "operator",
                "TOLLGATE_REDIS_PASSWORD", "secret",
                "TOLLGATE_REDIS_TIMEOUT", "PT0.5S",
                "TOLLGATE_BUDGET_STATUS_INTERVAL", "PT10S"));

    assertThat(settings.redis().configured()).isTrue();
    assertThat(settings.redis().url()).isEqualTo("rediss://cache:6379");
    assertThat(settings.redis().username()).isEqualTo("operator");
    assertThat(settings.redis().password()).isEqualTo("secret");
    assertThat(settings.redis().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.budgetStatusInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.toString()).doesNotContain("secret");
  }

  @Test
  void anEmptyUrlFromTheChartMeansNoRedis() {
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("TOLLGATE_REDIS_URL", " "))
                .redis()
                .configured())
        .isFalse();
  }
}
