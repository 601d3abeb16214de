package io.tollgate.config.compile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelGlobTest {

  @Test
  void starMatchesAnyRunIncludingNone() {
    ModelGlob glob = ModelGlob.of("gpt-4o*");

    assertThat(glob.matches("gpt-4o")).isTrue();
    assertThat(glob.matches("gpt-4o-mini")).isTrue();
    assertThat(glob.matches("gpt-4")).isFalse();
    assertThat(glob.matches("my-gpt-4o")).isFalse();
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    ModelGlob glob = ModelGlob.of("llama-3-?b");

    assertThat(glob.matches("llama-3-8b")).isTrue();
    assertThat(glob.matches("llama-3-70b")).isFalse();
    assertThat(glob.matches("llama-3-b")).isFalse();
  }

  @Test
  void everythingElseIsLiteralIncludingRegexCharacters() {
    assertThat(ModelGlob.of("qwen2.5-coder").matches("qwen2x5-coder")).isFalse();
    assertThat(ModelGlob.of("qwen2.5-coder").matches("qwen2.5-coder")).isTrue();
    assertThat(ModelGlob.of("a+b[1]").matches("a+b[1]")).isTrue();
    assertThat(ModelGlob.of("a\\Eb*").matches("a\\Ebc")).isTrue();
    assertThat(ModelGlob.of("Chat").matches("chat")).isFalse();
  }

  @Test
  void starAloneMatchesEveryModelAndStarsCombine() {
    assertThat(ModelGlob.of("*").matches("anything/at:all")).isTrue();
    assertThat(ModelGlob.of("*claude*").matches("us.anthropic.claude-v2")).isTrue();
    assertThat(ModelGlob.of("*-mini").matches("gpt-4o-mini")).isTrue();
    assertThat(ModelGlob.of("*-mini").matches("gpt-4o")).isFalse();
  }
}
