package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CSRF tokens: signed double-submit")
class CsrfTest {
  static final Csrf CSRF = new Csrf("a-secret-of-at-least-thirty-two-bytes-0123");

  static MultiMap headers(String header, String cookie) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (header != null) {
      h.add(Csrf.HEADER, header);
    }
    if (cookie != null) {
      h.add("Cookie", "other=1; " + Csrf.COOKIE + "=" + cookie);
    }
    return h;
  }

  @Test
  @DisplayName("the header must repeat the cookie, and both be the token of this session")
  void verify() {
    String token = CSRF.tokenFor("jti-1");
    assertThat(token).isEqualTo(CSRF.tokenFor("jti-1")).isNotEqualTo(CSRF.tokenFor("jti-2"));
    assertThat(CSRF.verify(headers(token, token), "jti-1")).isTrue();
    assertThat(CSRF.verify(headers(token, token), "jti-2")).as("another session").isFalse();
    assertThat(CSRF.verify(headers(null, token), "jti-1")).as("no header").isFalse();
    assertThat(CSRF.verify(headers(token, null), "jti-1")).as("no cookie").isFalse();
    assertThat(CSRF.verify(headers("x", "x"), "jti-1")).as("a planted pair").isFalse();
    assertThat(CSRF.verify(headers(token, token + "x"), "jti-1")).isFalse();
    assertThat(new Csrf("another-secret-of-at-least-thirty-two-bytes").tokenFor("jti-1"))
        .isNotEqualTo(token);
  }

  @Test
  @DisplayName("only state-changing methods need it")
  void methods() {
    assertThat(Csrf.needed(HttpMethod.GET)).isFalse();
    assertThat(Csrf.needed(HttpMethod.HEAD)).isFalse();
    assertThat(Csrf.needed(HttpMethod.OPTIONS)).isFalse();
    assertThat(Csrf.needed(HttpMethod.POST)).isTrue();
    assertThat(Csrf.needed(HttpMethod.PATCH)).isTrue();
    assertThat(Csrf.needed(HttpMethod.DELETE)).isTrue();
    assertThat(Csrf.needed(HttpMethod.PUT)).isTrue();
  }
}
