package io.tollgate.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {

  private static String key(String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return ClientAuthenticator.presentedKey(map);
  }

  @Test
  void readsTheHeadersTheCommonSdksSend() {
    assertThat(key("Authorization", "Bearer tg-1")).isEqualTo("tg-1");
    assertThat(key("authorization", "bearer  tg-2 ")).isEqualTo("tg-2");
    assertThat(key("x-api-key", "tg-3")).isEqualTo("tg-3");
    assertThat(key("api-key", "tg-4")).isEqualTo("tg-4");
  }

  @Test
  void findsNoKeyInOtherSchemesOrEmptyValues() {
    assertThat(key()).isNull();
    assertThat(key("Authorization", "Basic dXNlcjpwYXNz")).isNull();
    assertThat(key("Authorization", "Bearer ")).isNull();
    assertThat(key("x-api-key", "  ")).isNull();
  }
}
