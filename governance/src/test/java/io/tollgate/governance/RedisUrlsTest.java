package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisUrlsTest {

  @Test
  void aSeparateUserGoesIntoTheUrlEncodedReplacingAnyThere() {
    assertThat(RedisUrls.withUser("rediss://cache:6379/0", "app", "p@ss word"))
        .isEqualTo("rediss://app:p%40ss%20word@cache:6379/0");
    assertThat(RedisUrls.withUser("redis://old:secret@cache:6379", "app", ""))
        .isEqualTo("redis://app@cache:6379");
  }

  @Test
  void withoutAUserTheUrlStaysAsItIs() {
    assertThat(RedisUrls.withUser("redis://:secret@cache:6379", "", "other"))
        .isEqualTo("redis://:secret@cache:6379");
  }

  @Test
  void logsSeeNoCredentials() {
    assertThat(RedisUrls.withoutCredentials("rediss://user:s3cr@t@cache.example:6379/1?x=y"))
        .isEqualTo("rediss://cache.example:6379/1");
    assertThat(RedisUrls.withoutCredentials("cache:6379")).doesNotContain("cache");
  }
}
