package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Identity settings")
class IdentitySettingsTest {
  static final String GOOD = "a-real-secret-of-more-than-32-bytes-0123456789";

  @Test
  @DisplayName("outside demo mode, no JWT secret refuses to start")
  void missingSecret() {
    IdentitySettings s = IdentitySettings.from(new JsonObject().put(IdentitySettings.DEMO, false));

    assertThatThrownBy(s::check)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(IdentitySettings.JWT_SECRET);
  }

  @Test
  @DisplayName("outside demo mode, the published demo secret refuses to start")
  void demoSecret() {
    IdentitySettings s =
        IdentitySettings.from(
            new JsonObject()
                .put(IdentitySettings.DEMO, "false")
                .put(IdentitySettings.JWT_SECRET, IdentitySettings.DEMO_JWT_SECRET));

    assertThatThrownBy(s::check).hasMessageContaining("demo");
  }

  @Test
  @DisplayName("a secret under 32 bytes is refused, in demo mode too")
  void shortSecret() {
    assertThatThrownBy(
            () ->
                IdentitySettings.from(
                        new JsonObject()
                            .put(IdentitySettings.DEMO, true)
                            .put(IdentitySettings.JWT_SECRET, "too-short"))
                    .check())
        .hasMessageContaining("32 bytes");
  }

  @Test
  @DisplayName("demo mode without a secret signs with the demo one")
  void demoDefault() {
    IdentitySettings s = IdentitySettings.from(new JsonObject().put(IdentitySettings.DEMO, "true"));

    assertThatCode(s::check).doesNotThrowAnyException();
    assertThat(s.jwtSecret()).isEqualTo(IdentitySettings.DEMO_JWT_SECRET);
  }

  @Test
  @DisplayName("reads every key, as numbers or as the strings environment variables are")
  void keys() {
    IdentitySettings s =
        IdentitySettings.from(
            new JsonObject()
                .put(IdentitySettings.JWT_SECRET, GOOD)
                .put(IdentitySettings.TOKEN_TTL, "60")
                .put(IdentitySettings.REFRESH_GRACE, 5)
                .put(IdentitySettings.PASSWORD_ITERATIONS, "120000")
                .put(IdentitySettings.LOGIN_MAX_FAILURES, "3")
                .put(IdentitySettings.LOGIN_FAILURE_WINDOW, 30)
                .put(IdentitySettings.LOGIN_LOCK, "2")
                .put(IdentitySettings.LOGIN_FAILURE_DELAY, "10"));

    assertThatCode(s::check).doesNotThrowAnyException();
    assertThat(s.tokenLifetime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.refreshGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.passwordIterations()).isEqualTo(120_000);
    assertThat(s.lockout())
        .isEqualTo(
            new Lockout(3, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(10)));
  }

  @Test
  @DisplayName("defaults: 15 min tokens, 2 min grace, 60,000 iterations, 5 failures lock 15 min")
  void defaults() {
    IdentitySettings s =
        IdentitySettings.from(new JsonObject().put(IdentitySettings.JWT_SECRET, GOOD));

    assertThat(s.tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.refreshGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.passwordIterations()).isEqualTo(60_000);
    assertThat(s.lockout()).isEqualTo(Lockout.DEFAULT);
  }

  @Test
  @DisplayName("too few PBKDF2 iterations or a malformed number are refused")
  void badNumbers() {
    assertThatThrownBy(
            () ->
                IdentitySettings.from(
                        new JsonObject()
                            .put(IdentitySettings.JWT_SECRET, GOOD)
                            .put(IdentitySettings.PASSWORD_ITERATIONS, 1000))
                    .check())
        .hasMessageContaining(IdentitySettings.PASSWORD_ITERATIONS);
    assertThatThrownBy(
            () ->
                IdentitySettings.from(
                    new JsonObject()
                        .put(IdentitySettings.JWT_SECRET, GOOD)
                        .put(IdentitySettings.TOKEN_TTL, "15m")))
        .hasMessageContaining(IdentitySettings.TOKEN_TTL);
  }

  @Test
  @DisplayName("never prints the secret")
  void redacted() {
    assertThat(IdentitySettings.defaults(false, GOOD).toString()).doesNotContain(GOOD);
  }

  @Test
  @DisplayName("each failure waits longer, up to the lock's count")
  void delays() {
    Lockout l =
        new Lockout(5, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(250));
    assertThat(l.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(l.delayAfter(3)).isEqualTo(Duration.ofMillis(750));
    assertThat(l.delayAfter(50)).isEqualTo(Duration.ofMillis(1250));
  }
}
