package io.tollgate.proxy.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisAddressesTest {

  @Test
  void aSeparateUserAndPasswordGoIntoTheUrlEncoded() {
    assertThat(
            RedisAddresses.withUser(
                "rediss://cache.example:6379/0", Optional.of("app"), Optional.of("p@ss:w/rd")))
        .isEqualTo("rediss://app:p%40ss%3Aw%2Frd@cache.example:6379/0");
    assertThat(
            RedisAddresses.withUser(
                "redis://old:secret@cache.example:6379", Optional.of("app"), Optional.empty()))
        .isEqualTo("redis://app@cache.example:6379");
    assertThat(
            RedisAddresses.withUser(
                "redis://cache.example:6379", Optional.empty(), Optional.of("x")))
        .isEqualTo("redis://cache.example:6379");
  }

  @Test
  void logsNeverSeeCredentials() {
    assertThat(RedisAddresses.withoutCredentials("rediss://app:secret@cache.example:6379/0"))
        .isEqualTo("rediss://cache.example:6379/0");
  }
}
