package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void countsWhitespaceSeparatedWords() {
    assertThat(Words.count("")).isZero();
    assertThat(Words.count("  a  b\tc\n")).isEqualTo(3);
  }

  @Test
  void splitsWordsEvenlyAndLosslessly() {
    assertThat(Words.split("a b c d e", 2)).containsExactly("a b ", "c d e");
    assertThat(Words.split(" lead trail ", 2)).containsExactly(" lead ", "trail ");
    assertThat(Words.split("", 3)).isEmpty();
  }

  @Test
  void splitsByCodePointsWhenAskedForMorePiecesThanWords() {
    assertThat(Words.split("ab\uD83D\uDE00", 5)).containsExactly("a", "b", "\uD83D\uDE00");
    assertThat(String.join("", Words.split("hi there", 6))).isEqualTo("hi there");
  }

  @Test
  void firstWordsKeepsSpacing() {
    assertThat(Words.firstWords("a  b c", 2)).isEqualTo("a  b");
  }
}
