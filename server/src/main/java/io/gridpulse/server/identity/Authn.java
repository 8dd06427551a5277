package io.gridpulse.server.identity;

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
 * 401 problem+json with {@code WWW-Authenticate: Bearer}; a state-changing request signed in by the
 * cookie must also carry the {@link Csrf} token, else 403. {@link #authenticate} serves the
 * WebSocket's {@code auth} frame.
 */
public final class Authn implements Handler<RoutingContext> {
  public static final String COOKIE = "gridpulse_session";
  private static final String BEARER = "bearer ";

  private final Tokens tokens;
  private final UserStore store;
  private final Csrf csrf;

  public Authn(Tokens tokens, UserStore store, Csrf csrf) {
    this.tokens = tokens;
    this.store = store;
    this.csrf = csrf;
  }

  /** A request's token and whether it came in the session cookie (rather than a header). */
  public record Credential(String token, boolean fromCookie) {}

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
    Optional<Credential> credential = credentialOf(rc.request().headers());
    if (credential.isEmpty()) {
      IdentityException.respond(
          rc,
          IdentityException.unauthenticated(
              "Sign in: send the token as 'Authorization: Bearer <token>' or the "
                  + COOKIE
                  + " cookie."));
      return;
    }
    authenticate(credential.get().token())
        .compose(caller -> checkCsrf(rc, credential.get(), caller.tokenId()).map(caller))
        .onSuccess(
            caller -> {
              rc.put(Caller.KEY, caller);
              rc.next();
            })
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  /**
   * Succeeds unless the request changes state, was signed in by the cookie, and lacks the CSRF
   * token of session {@code jti}.
   */
  Future<Void> checkCsrf(RoutingContext rc, Credential credential, String jti) {
    HttpServerRequest request = rc.request();
    if (!credential.fromCookie()
        || !Csrf.needed(request.method())
        || csrf.verify(request.headers(), jti)) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(IdentityException.csrf());
  }

  /** The channel on which ended sessions are announced (the WebSocket hub listens). */
  public String sessionsEndedChannel() {
    return store.sessionsEndedChannel();
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
    return credentialOf(headers).map(Credential::token);
  }

  /** The bearer token if any, else the session cookie's, saying which it was. */
  public static Optional<Credential> credentialOf(MultiMap headers) {
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).strip();
      if (!token.isEmpty()) {
        return Optional.of(new Credential(token, false));
      }
    }
    return Csrf.cookie(headers, COOKIE).map(token -> new Credential(token, true));
  }
}
