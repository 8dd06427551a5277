package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Finding the token of a request")
class AuthnTest {

  @Test
  @DisplayName("takes the bearer token first, then the session cookie")
  void tokenOf() {
    assertThat(Authn.tokenOf(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer abc")))
        .contains("abc");
    assertThat(Authn.tokenOf(MultiMap.caseInsensitiveMultiMap().add("authorization", "bearer abc")))
        .contains("abc");
    assertThat(
            Authn.tokenOf(
                MultiMap.caseInsensitiveMultiMap()
                    .add("Authorization", "Bearer abc")
                    .add("Cookie", "gridpulse_session=xyz")))
        .contains("abc");
    assertThat(
            Authn.tokenOf(
                MultiMap.caseInsensitiveMultiMap()
                    .add("Cookie", "theme=dark; gridpulse_session=xyz; lang=zh")))
        .contains("xyz");
    assertThat(
            Authn.tokenOf(
                MultiMap.caseInsensitiveMultiMap()
                    .add("Authorization", "Basic Zm9vOmJhcg==")
                    .add("Cookie", "gridpulse_session=xyz")))
        .contains("xyz");
  }

  @Test
  @DisplayName("finds none in an empty bearer header or an empty cookie")
  void none() {
    assertThat(Authn.tokenOf(MultiMap.caseInsensitiveMultiMap())).isEmpty();
    assertThat(Authn.tokenOf(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer ")))
        .isEmpty();
    assertThat(
            Authn.tokenOf(MultiMap.caseInsensitiveMultiMap().add("Cookie", "gridpulse_session=")))
        .isEmpty();
  }
}
