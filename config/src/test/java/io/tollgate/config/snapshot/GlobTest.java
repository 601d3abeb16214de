package io.tollgate.config.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void starMatchesAnyRunIncludingNone() {
    Glob glob = Glob.of("gpt-4o*");

    assertThat(glob.matches("gpt-4o")).isTrue();
    assertThat(glob.matches("gpt-4o-mini")).isTrue();
    assertThat(glob.matches("gpt-4")).isFalse();
    assertThat(glob.matches("my-gpt-4o")).isFalse();
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    Glob glob = Glob.of("llama-3-?b");

    assertThat(glob.matches("llama-3-8b")).isTrue();
    assertThat(glob.matches("llama-3-70b")).isFalse();
    assertThat(glob.matches("llama-3-b")).isFalse();
  }

  @Test
  void everythingElseIsLiteralIncludingRegexCharacters() {
    assertThat(Glob.of("qwen2.5-coder").matches("qwen2x5-coder")).isFalse();
    assertThat(Glob.of("qwen2.5-coder").matches("qwen2.5-coder")).isTrue();
    assertThat(Glob.of("a+b[1]").matches("a+b[1]")).isTrue();
    assertThat(Glob.of("a\\Eb*").matches("a\\Ebc")).isTrue();
    assertThat(Glob.of("Chat").matches("chat")).isFalse();
  }

  @Test
  void starAloneMatchesEveryModelAndStarsCombine() {
    assertThat(Glob.of("*").matches("anything/at:all")).isTrue();
    assertThat(Glob.of("*claude*").matches("us.anthropic.claude-v2")).isTrue();
    assertThat(Glob.of("*-mini").matches("gpt-4o-mini")).isTrue();
    assertThat(Glob.of("*-mini").matches("gpt-4o")).isFalse();
  }
}
