package io.gridpulse.server.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues and verifies the session tokens: JWTs signed with HS256 (vertx-auth-jwt) under a secret of
 * at least 32 bytes. HS256 because the server is the only party that issues and verifies them
 * (every instance shares the one configured secret); an asymmetric ES256 key pair would only pay
 * off if other services had to verify tokens without being able to mint them.
 *
 * <p>Verification checks the signature, issuer and audience, and the expiry with a leeway of
 * {@value #LEEWAY_SECONDS} s for clocks that differ between instances; {@link #verifyForRefresh}
 * also accepts tokens expired less than the refresh grace ago. Revocation is {@link Authn}'s part.
 */
public final class Tokens {
  public static final String ISSUER = "gridpulse";
  public static final int MIN_SECRET_BYTES = 32;
  static final int LEEWAY_SECONDS = 1;
  private static final String ALGORITHM = "HS256";

  private final JWTAuth strict;
  private final JWTAuth lenient;
  private final JWTOptions signing;
  private final Duration lifetime;
  private final Duration grace;
  private final Clock clock;

  public Tokens(Vertx vertx, String secret, Duration lifetime, Duration grace) {
    this(vertx, secret, lifetime, grace, Clock.systemUTC());
  }

  Tokens(Vertx vertx, String secret, Duration lifetime, Duration grace, Clock clock) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the token secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    if (lifetime.getSeconds() < 1 || grace.isNegative()) {
      throw new IllegalArgumentException("token lifetime must be at least 1 s, grace >= 0");
    }
    this.lifetime = lifetime;
    this.grace = grace;
    this.clock = clock;
    this.signing =
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER).setAudience(List.of(ISSUER));
    this.strict = provider(vertx, secret, LEEWAY_SECONDS);
    this.lenient = provider(vertx, secret, (int) Math.min(Integer.MAX_VALUE, grace.getSeconds()));
  }

  private static JWTAuth provider(Vertx vertx, String secret, int leewaySeconds) {
    return JWTAuth.create(
        vertx,
        new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(ISSUER)
                    .setAudience(List.of(ISSUER))
                    .setLeeway(Math.max(LEEWAY_SECONDS, leewaySeconds))));
  }

  /** A token, its claims, and the user it was issued to. */
  public record Issued(String token, TokenClaims claims, User user) {
    public Instant expiresAt() {
      return claims.expiresAt();
    }
  }

  /** A new token for {@code user}, carrying the user's current session stamp. */
  public Issued issue(User user, String session) {
    Instant now = clock.instant();
    TokenClaims claims =
        new TokenClaims(
            user.username(),
            user.roles(),
            user.department(),
            user.town(),
            UUID.randomUUID().toString(),
            session,
            Instant.ofEpochSecond(now.getEpochSecond()),
            Instant.ofEpochSecond(now.getEpochSecond()).plus(lifetime),
            user.mediator());
    return new Issued(strict.generateToken(claims.toJson(), signing), claims, user);
  }

  /** The claims of a valid, unexpired token; otherwise an UNAUTHENTICATED failure. */
  public Future<TokenClaims> verify(String token) {
    return verify(strict, token);
  }

  /** As {@link #verify}, but also for a token expired less than the grace period ago. */
  public Future<TokenClaims> verifyForRefresh(String token) {
    return verify(lenient, token);
  }

  private static Future<TokenClaims> verify(JWTAuth auth, String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(IdentityException.unauthenticated("No token was given."));
    }
    return auth.authenticate(new TokenCredentials(token))
        .map(user -> TokenClaims.fromJson(payload(user)))
        .recover(
            err ->
                Future.failedFuture(
                    IdentityException.unauthenticated(
                        "The token is not valid or has expired: sign in again.")));
  }

  private static JsonObject payload(io.vertx.ext.auth.User user) {
    JsonObject access = user.attributes().getJsonObject("accessToken");
    return access != null ? access : user.principal();
  }

  public Duration lifetime() {
    return lifetime;
  }

  public Duration grace() {
    return grace;
  }

  /** How long a token's id must stay revoked: until no verification could accept it. */
  Duration revocationTtl(TokenClaims claims) {
    Duration left =
        Duration.between(clock.instant(), claims.expiresAt())
            .plus(grace)
            .plusSeconds(LEEWAY_SECONDS);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
