package io.gridpulse.server.identity;

import io.gridpulse.server.audit.Audit;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;

/**
 * Identity, assembled: the user store, tokens, CSRF tokens, the {@link Authn} handler and the auth
 * routes (which write sign-ins to the {@link Audit} trail), from one {@link IdentitySettings}. Call
 * {@link IdentitySettings#check()} before (start-up refuses bad secrets); the constructor itself
 * only rejects secrets too short to sign with.
 */
public final class Identity {
  private final Passwords passwords;
  private final UserStore users;
  private final Tokens tokens;
  private final Authn authn;
  private final AuthRoutes routes;
  private final Csrf csrf;

  public Identity(
      Vertx vertx, Redis redis, IdentitySettings settings, OrgUnits units, Audit audit) {
    this(vertx, redis, settings, units, IdentityKeys.DEFAULT, audit);
  }

  /** With its own Redis keys ({@code keys}), as tests do to stay apart. */
  public Identity(
      Vertx vertx,
      Redis redis,
      IdentitySettings settings,
      OrgUnits units,
      IdentityKeys keys,
      Audit audit) {
    this.passwords = new Passwords(settings.passwordIterations());
    this.users = new UserStore(vertx, redis, passwords, settings.lockout(), units, keys);
    this.tokens =
        new Tokens(vertx, settings.jwtSecret(), settings.tokenLifetime(), settings.refreshGrace());
    this.csrf = new Csrf(settings.jwtSecret());
    this.authn = new Authn(tokens, users, csrf);
    this.routes =
        new AuthRoutes(vertx, users, passwords, tokens, settings.lockout(), authn, csrf, audit);
  }

  /** Mounts {@code /api/v1/auth/login|refresh|logout|me}. */
  public void mount(Router router) {
    routes.mount(router);
  }

  public UserStore users() {
    return users;
  }

  /** The handler that authenticates a route, and {@link Authn#authenticate} for the WebSocket. */
  public Authn authn() {
    return authn;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** The CSRF tokens of cookie sessions. */
  public Csrf csrf() {
    return csrf;
  }

  public Passwords passwords() {
    return passwords;
  }

  public AuthRoutes routes() {
    return routes;
  }
}
