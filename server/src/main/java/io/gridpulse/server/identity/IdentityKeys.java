package io.gridpulse.server.identity;

/**
 * The Redis keys of identity, under one prefix ({@code gridpulse} in production; tests use their
 * own): {@code <prefix>:users:user:<username>} (hash), {@code <prefix>:users:names} (set), {@code
 * <prefix>:users:failures:<username>} and {@code <prefix>:users:lock:<username>} (with TTLs), and
 * {@code <prefix>:auth:revoked:<jti>} (with the token's remaining lifetime as TTL); and the pub/sub
 * channel {@code <prefix>:auth:sessions-ended}.
 */
public record IdentityKeys(String prefix) {
  public static final IdentityKeys DEFAULT = new IdentityKeys("gridpulse");

  public String user(String username) {
    return prefix + ":users:user:" + username;
  }

  public String names() {
    return prefix + ":users:names";
  }

  public String failures(String username) {
    return prefix + ":users:failures:" + username;
  }

  public String lock(String username) {
    return prefix + ":users:lock:" + username;
  }

  public String revoked(String jti) {
    return prefix + ":auth:revoked:" + jti;
  }

  /** Where ended sessions are announced: {@code {"user": …}} or {@code {"jti": …}}. */
  public String sessionsEnded() {
    return prefix + ":auth:sessions-ended";
  }
}
