package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tokens (HS256 JWT)")
class TokensTest {
  static final String SECRET = "unit-secret-0123456789-0123456789-0123";
  static Vertx vertx;

  static final User CLERK =
      new User(
          "dept-gaj",
          "公安分局",
          EnumSet.of(Role.DEPT, Role.DUTY),
          "gaj",
          null,
          false,
          Instant.EPOCH,
          Instant.EPOCH);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    IdentityHarness.await(vertx.close());
  }

  static Tokens tokens(Clock clock) {
    return new Tokens(vertx, SECRET, Duration.ofMinutes(15), Duration.ofMinutes(2), clock);
  }

  @Test
  @DisplayName("carry sub, roles, dept, town, jti, ses, iat and exp, and verify")
  void claims() {
    Tokens tokens = tokens(Clock.systemUTC());
    Tokens.Issued issued = tokens.issue(CLERK, "session-1");

    JsonObject payload = IdentityHarness.payload(issued.token());
    assertThat(payload.getString("sub")).isEqualTo("dept-gaj");
    assertThat(payload.getJsonArray("roles").getList()).containsExactly("duty", "dept");
    assertThat(payload.getString("dept")).isEqualTo("gaj");
    assertThat(payload.containsKey("town")).isFalse();
    assertThat(payload.getString("jti")).isNotBlank();
    assertThat(payload.getString("ses")).isEqualTo("session-1");
    assertThat(payload.getString("iss")).isEqualTo(Tokens.ISSUER);
    assertThat(payload.getLong("exp") - payload.getLong("iat")).isEqualTo(900);
    assertThat(header(issued.token()).getString("alg")).isEqualTo("HS256");

    TokenClaims verified = IdentityHarness.await(tokens.verify(issued.token()));
    assertThat(verified).isEqualTo(issued.claims());
    Caller caller = verified.caller();
    assertThat(caller.username()).isEqualTo("dept-gaj");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Role.DEPT, Role.DUTY);
    assertThat(caller.department()).isEqualTo("gaj");
    assertThat(caller.town()).isNull();
  }

  @Test
  @DisplayName("two tokens for the same user have different ids")
  void uniqueIds() {
    Tokens tokens = tokens(Clock.systemUTC());
    assertThat(tokens.issue(CLERK, "s").claims().jti())
        .isNotEqualTo(tokens.issue(CLERK, "s").claims().jti());
  }

  @Test
  @DisplayName("a token signed with another secret, altered, unsigned or garbage is refused")
  void forgeries() {
    Tokens tokens = tokens(Clock.systemUTC());
    Tokens other =
        new Tokens(
            vertx, "another-secret-0123456789-0123456789", Duration.ofMinutes(15), Duration.ZERO);
    String token = tokens.issue(CLERK, "s").token();
    String[] parts = token.split("\\.");
    JsonObject payload = IdentityHarness.payload(token);
    payload.put("roles", new io.vertx.core.json.JsonArray().add("admin"));
    String altered = parts[0] + "." + encode(payload.encode()) + "." + parts[2];
    String unsigned = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

    assertUnauthenticated(tokens.verify(other.issue(CLERK, "s").token()));
    assertUnauthenticated(tokens.verify(altered));
    assertUnauthenticated(tokens.verify(unsigned));
    assertUnauthenticated(tokens.verify("not-a-jwt"));
    assertUnauthenticated(tokens.verify(""));
  }

  @Test
  @DisplayName("an expired token is refused, but may be refreshed within the grace")
  void expiry() {
    Instant now = Instant.now();
    // issued 15 min 30 s ago: expired 30 s ago, inside the 2 min grace
    Tokens earlier = tokens(Clock.fixed(now.minusSeconds(930), ZoneOffset.UTC));
    String recent = earlier.issue(CLERK, "s").token();
    // issued an hour ago: expired 45 min ago
    Tokens muchEarlier = tokens(Clock.fixed(now.minusSeconds(3600), ZoneOffset.UTC));
    String old = muchEarlier.issue(CLERK, "s").token();
    Tokens tokens = tokens(Clock.systemUTC());

    assertUnauthenticated(tokens.verify(recent));
    assertThat(IdentityHarness.await(tokens.verifyForRefresh(recent)).subject())
        .isEqualTo("dept-gaj");
    assertUnauthenticated(tokens.verify(old));
    assertUnauthenticated(tokens.verifyForRefresh(old));
  }

  @Test
  @DisplayName("a secret shorter than 32 bytes is refused")
  void shortSecret() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Tokens(vertx, "short", Duration.ofMinutes(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a revoked id stays revoked as long as any verification could accept the token")
  void revocationTtl() {
    Tokens tokens = tokens(Clock.systemUTC());
    TokenClaims claims = tokens.issue(CLERK, "s").claims();
    assertThat(tokens.revocationTtl(claims))
        .isBetween(Duration.ofSeconds(15 * 60 + 115), Duration.ofSeconds(15 * 60 + 122));
  }

  static void assertUnauthenticated(Future<?> future) {
    Throwable failure = IdentityHarness.failure(future);
    assertThat(failure).isInstanceOf(IdentityException.class);
    assertThat(((IdentityException) failure).kind())
        .isEqualTo(IdentityException.Kind.UNAUTHENTICATED);
  }

  static JsonObject header(String jwt) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
