package io.tollgate.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The newest window decides; the one before still takes corrections; older ones are gone. */
class RateWindowsTest {

  private final RateWindows windows = new RateWindows();

  @Test
  void countsAddUpPerWindow() {
    windows.add(10, 3);
    windows.add(10, 2);
    assertThat(windows.count(10)).isEqualTo(5);
    assertThat(windows.count(11)).isZero();
    assertThat(windows.count(10)).isEqualTo(5); // now the previous window
  }

  @Test
  void thePreviousWindowTakesCorrectionsButNeverGoesBelowZero() {
    windows.add(10, 4);
    windows.add(11, 1);
    windows.correct(10, -3);
    assertThat(windows.count(10)).isEqualTo(1);
    windows.correct(10, -5);
    assertThat(windows.count(10)).isZero();
    windows.correct(11, 2);
    assertThat(windows.count(11)).isEqualTo(3);
  }

  @Test
  void windowsOlderThanThePreviousAreForgotten() {
    windows.add(10, 4);
    windows.add(12, 1);
    assertThat(windows.count(10)).isZero();
    assertThat(windows.count(11)).isZero();
    windows.correct(10, 5);
    assertThat(windows.count(10)).isZero();
    windows.add(13, 2);
    assertThat(windows.count(12)).isEqualTo(1);
  }

  @Test
  void aGapOfMoreThanOneWindowForgetsBoth() {
    windows.add(10, 4);
    windows.count(20);
    assertThat(windows.count(19)).isZero();
    windows.correct(19, -1);
    assertThat(windows.count(19)).isZero();
    windows.correct(19, 2);
    assertThat(windows.count(19)).isEqualTo(2);
  }
}
