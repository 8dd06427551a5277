package io.gridpulse.server.identity;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Authenticates requests: a token from {@code Authorization: Bearer …} or else the {@value #COOKIE}
 * cookie is verified ({@link Tokens}), then checked against Redis in one round trip (its jti not
 * revoked; its user present, enabled, with the same session stamp).
 *
 * <p>As a handler it puts the {@link Caller} in the routing context ({@link Caller#of}) or answers
 * 401 problem+json with {@code WWW-Authenticate: Bearer}; {@link #authenticate} serves the
 * WebSocket's {@code auth} frame.
 */
public final class Authn implements Handler<RoutingContext> {
  public static final String COOKIE = "gridpulse_session";
  private static final String BEARER = "bearer ";

  private final Tokens tokens;
  private final UserStore store;

  public Authn(Tokens tokens, UserStore store) {
    this.tokens = tokens;
    this.store = store;
  }

  /**
   * The caller a token stands for; fails with an {@link IdentityException} of kind UNAUTHENTICATED
   * when the token is missing, invalid, expired or revoked, or its session ended.
   */
  public Future<Caller> authenticate(String token) {
    return tokens
        .verify(token)
        .compose(
            claims ->
                store
                    .checkSession(claims.subject(), claims.session(), claims.jti())
                    .map(v -> claims.caller()));
  }

  @Override
  public void handle(RoutingContext rc) {
    Optional<String> token = tokenOf(rc.request());
    if (token.isEmpty()) {
      IdentityException.respond(
          rc,
          IdentityException.unauthenticated(
              "Sign in: send the token as 'Authorization: Bearer <token>' or the "
                  + COOKIE
                  + " cookie."));
      return;
    }
    authenticate(token.get())
        .onSuccess(
            caller -> {
              rc.put(Caller.KEY, caller);
              rc.next();
            })
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  /**
   * A handler (after this one) that lets through only callers holding one of {@code roles}, and
   * answers 403 problem+json to the others.
   */
  public static Handler<RoutingContext> requireAny(Role... roles) {
    String names = Arrays.stream(roles).map(Role::code).collect(Collectors.joining(", "));
    return rc -> {
      Caller caller = rc.get(Caller.KEY);
      if (caller == null) {
        IdentityException.respond(rc, IdentityException.unauthenticated("Sign in first."));
      } else if (caller.hasAny(roles)) {
        rc.next();
      } else {
        IdentityException.respond(
            rc, IdentityException.forbidden("This needs one of the roles: " + names + "."));
      }
    };
  }

  /** The request's token: the bearer token if any, else the session cookie's. */
  public static Optional<String> tokenOf(HttpServerRequest request) {
    return tokenOf(request.headers());
  }

  /** As {@link #tokenOf(HttpServerRequest)}, from headers (e.g. a ServerWebSocket's). */
  public static Optional<String> tokenOf(MultiMap headers) {
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).strip();
      if (!token.isEmpty()) {
        return Optional.of(token);
      }
    }
    return headers.getAll(HttpHeaders.COOKIE).stream()
        .flatMap(h -> ServerCookieDecoder.LAX.decode(h).stream())
        .filter(c -> COOKIE.equals(c.name()))
        .map(Cookie::value)
        .filter(v -> !v.isEmpty())
        .findFirst();
  }
}
