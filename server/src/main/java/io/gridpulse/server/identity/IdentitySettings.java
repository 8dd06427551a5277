package io.gridpulse.server.identity;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Identity's configuration, read from the server's layered configuration ({@link #from}) under the
 * keys below; {@link #check()} refuses what must not run.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><td>{@value #JWT_SECRET}</td><td>HS256 secret, at least 32 bytes; required outside demo
 *       mode, where the published demo secret is refused</td></tr>
 *   <tr><td>{@value #TOKEN_TTL}</td><td>token lifetime, seconds (900)</td></tr>
 *   <tr><td>{@value #REFRESH_GRACE}</td><td>how long after expiry a token may still be
 *       refreshed, seconds (120)</td></tr>
 *   <tr><td>{@value #PASSWORD_ITERATIONS}</td><td>PBKDF2 iterations (60000, at least
 *       10000)</td></tr>
 *   <tr><td>{@value #LOGIN_MAX_FAILURES}</td><td>failed sign-ins that lock a username (5)</td></tr>
 *   <tr><td>{@value #LOGIN_FAILURE_WINDOW}</td><td>window they are counted in, seconds
 *       (900)</td></tr>
 *   <tr><td>{@value #LOGIN_LOCK}</td><td>lock duration, seconds (900)</td></tr>
 *   <tr><td>{@value #LOGIN_FAILURE_DELAY}</td><td>delay added per failure, ms (250)</td></tr>
 * </table>
 */
public record IdentitySettings(
    boolean demo,
    String jwtSecret,
    Duration tokenLifetime,
    Duration refreshGrace,
    int passwordIterations,
    Lockout lockout) {

  public static final String DEMO = "GRIDPULSE_DEMO";
  public static final String JWT_SECRET = "GRIDPULSE_JWT_SECRET";
  public static final String TOKEN_TTL = "GRIDPULSE_TOKEN_TTL_SECONDS";
  public static final String REFRESH_GRACE = "GRIDPULSE_TOKEN_REFRESH_GRACE_SECONDS";
  public static final String PASSWORD_ITERATIONS = "GRIDPULSE_PASSWORD_ITERATIONS";
  public static final String LOGIN_MAX_FAILURES = "GRIDPULSE_LOGIN_MAX_FAILURES";
  public static final String LOGIN_FAILURE_WINDOW = "GRIDPULSE_LOGIN_FAILURE_WINDOW_SECONDS";
  public static final String LOGIN_LOCK = "GRIDPULSE_LOGIN_LOCK_SECONDS";
  public static final String LOGIN_FAILURE_DELAY = "GRIDPULSE_LOGIN_FAILURE_DELAY_MS";

  /**
   * The published secret demo mode signs with when none is configured; refused outside demo mode.
   */
  public static final String DEMO_JWT_SECRET = "gridpulse-demo-jwt-secret-not-for-production-use";

  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_REFRESH_GRACE = Duration.ofMinutes(2);

  /** The defaults, with {@code secret}. */
  public static IdentitySettings defaults(boolean demo, String secret) {
    return new IdentitySettings(
        demo,
        secret,
        DEFAULT_TOKEN_TTL,
        DEFAULT_REFRESH_GRACE,
        Passwords.DEFAULT_ITERATIONS,
        Lockout.DEFAULT);
  }

  /**
   * Reads the keys above (values may be numbers or strings, as environment variables are) and
   * {@value #DEMO}. In demo mode without a secret, the demo secret is used.
   */
  public static IdentitySettings from(JsonObject config) {
    boolean demo = bool(config.getValue(DEMO));
    Object configured = config.getValue(JWT_SECRET);
    String secret = configured == null ? "" : String.valueOf(configured);
    if (secret.isBlank() && demo) {
      secret = DEMO_JWT_SECRET;
    }
    Lockout lockout =
        new Lockout(
            (int) integer(config, LOGIN_MAX_FAILURES, Lockout.DEFAULT.maxFailures()),
            Duration.ofSeconds(
                integer(config, LOGIN_FAILURE_WINDOW, Lockout.DEFAULT.window().toSeconds())),
            Duration.ofSeconds(
                integer(config, LOGIN_LOCK, Lockout.DEFAULT.lockDuration().toSeconds())),
            Duration.ofMillis(
                integer(config, LOGIN_FAILURE_DELAY, Lockout.DEFAULT.failureDelay().toMillis())));
    return new IdentitySettings(
        demo,
        secret,
        Duration.ofSeconds(integer(config, TOKEN_TTL, DEFAULT_TOKEN_TTL.toSeconds())),
        Duration.ofSeconds(integer(config, REFRESH_GRACE, DEFAULT_REFRESH_GRACE.toSeconds())),
        (int) integer(config, PASSWORD_ITERATIONS, Passwords.DEFAULT_ITERATIONS),
        lockout);
  }

  /**
   * Throws {@link IllegalStateException} (its message says what to set) when the server must not
   * start: outside demo mode without a JWT secret or with the demo one; in any mode with a secret
   * under 32 bytes, a token lifetime under 1 s, or fewer PBKDF2 iterations than allowed.
   */
  public void check() {
    boolean blank = jwtSecret == null || jwtSecret.isBlank();
    if (!demo && blank) {
      throw new IllegalStateException(
          JWT_SECRET
              + " is not set: set a random secret of at least "
              + Tokens.MIN_SECRET_BYTES
              + " bytes (e.g. the output of 'openssl rand -base64 48'), or run ./gridpulse demo.");
    }
    if (!demo && DEMO_JWT_SECRET.equals(jwtSecret)) {
      throw new IllegalStateException(
          JWT_SECRET + " is the published demo secret: choose a secret one outside demo mode.");
    }
    if (blank || jwtSecret.getBytes(StandardCharsets.UTF_8).length < Tokens.MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          JWT_SECRET + " must be at least " + Tokens.MIN_SECRET_BYTES + " bytes long.");
    }
    if (tokenLifetime.getSeconds() < 1) {
      throw new IllegalStateException(TOKEN_TTL + " must be at least 1 second.");
    }
    if (refreshGrace.isNegative()) {
      throw new IllegalStateException(REFRESH_GRACE + " must not be negative.");
    }
    if (passwordIterations < Passwords.MIN_ITERATIONS) {
      throw new IllegalStateException(
          PASSWORD_ITERATIONS + " must be at least " + Passwords.MIN_ITERATIONS + ".");
    }
  }

  public IdentitySettings withTokenLifetime(Duration lifetime) {
    return new IdentitySettings(
        demo, jwtSecret, lifetime, refreshGrace, passwordIterations, lockout);
  }

  public IdentitySettings withRefreshGrace(Duration grace) {
    return new IdentitySettings(demo, jwtSecret, tokenLifetime, grace, passwordIterations, lockout);
  }

  public IdentitySettings withLockout(Lockout newLockout) {
    return new IdentitySettings(
        demo, jwtSecret, tokenLifetime, refreshGrace, passwordIterations, newLockout);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "IdentitySettings[demo="
        + demo
        + ", jwtSecret=<"
        + (jwtSecret == null ? 0 : jwtSecret.length())
        + " chars>, tokenLifetime="
        + tokenLifetime
        + ", refreshGrace="
        + refreshGrace
        + ", passwordIterations="
        + passwordIterations
        + ", lockout="
        + lockout
        + "]";
  }

  private static long integer(JsonObject c, String key, long fallback) {
    Object value = c.getValue(key);
    if (value == null || String.valueOf(value).isBlank()) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'", e);
    }
  }

  private static boolean bool(Object value) {
    return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value).strip());
  }
}
