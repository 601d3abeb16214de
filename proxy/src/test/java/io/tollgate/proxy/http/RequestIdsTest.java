package io.tollgate.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void keepsASaneCallerIdAndReplacesOthers() {
    assertThat(RequestIds.accept("abc-123")).isEqualTo("abc-123");
    assertThat(RequestIds.accept("has space")).startsWith("req_").hasSize(36);
    assertThat(RequestIds.accept("x".repeat(129))).startsWith("req_");
    assertThat(RequestIds.accept(null)).matches("req_[0-9a-f]{32}");
  }

  @Test
  void generatesDistinctIds() {
    assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
  }
}
