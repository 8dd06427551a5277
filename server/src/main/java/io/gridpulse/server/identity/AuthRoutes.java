package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.errors.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, refresh, sign-out and "who am I":
 *
 * <ul>
 *   <li>{@code POST /api/v1/auth/login} {@code {"username","password"}} → 200 {@code {"token",
 *       "expiresAt", "roles", "username", "displayName", "dept"?, "town"?}} and the {@value
 *       Authn#COOKIE} cookie (HttpOnly, SameSite=Strict, Path=/, Secure over TLS); 401 for a wrong
 *       username or password alike (after a growing delay); 429 with Retry-After while the username
 *       is locked; 400/422 for a malformed body.
 *   <li>{@code POST /api/v1/auth/refresh} (bearer or cookie; the token may have expired less than
 *       the grace ago) → a new token as above; the old one is revoked, so each is used once.
 *   <li>{@code POST /api/v1/auth/logout} → 204; revokes the token if any, clears the cookie.
 *   <li>{@code GET /api/v1/auth/me} → the caller.
 * </ul>
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  public static final String LOGIN = "/api/v1/auth/login";
  public static final String REFRESH = "/api/v1/auth/refresh";
  public static final String LOGOUT = "/api/v1/auth/logout";
  public static final String ME = "/api/v1/auth/me";
  static final int MAX_BODY = 4096;
  static final int MAX_USERNAME = 64;

  private final Vertx vertx;
  private final UserStore store;
  private final Passwords passwords;
  private final Tokens tokens;
  private final Lockout lockout;
  private final Authn authn;

  public AuthRoutes(
      Vertx vertx,
      UserStore store,
      Passwords passwords,
      Tokens tokens,
      Lockout lockout,
      Authn authn) {
    this.vertx = vertx;
    this.store = store;
    this.passwords = passwords;
    this.tokens = tokens;
    this.lockout = lockout;
    this.authn = authn;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.post(LOGIN).handler(body).handler(this::login);
    router.post(REFRESH).handler(this::refresh);
    router.post(LOGOUT).handler(this::logout);
    router.get(ME).handler(authn).handler(rc -> json(rc, Caller.of(rc).toJson()));
  }

  // ------------------------------------------------------------------------------ login

  record Credentials(String username, String password) {}

  private void login(RoutingContext rc) {
    Optional<Credentials> credentials = credentials(rc);
    if (credentials.isEmpty()) {
      return;
    }
    signIn(credentials.get())
        .onSuccess(issued -> sendToken(rc, issued))
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  /** The body's credentials, or empty after answering 400/422. */
  private static Optional<Credentials> credentials(RoutingContext rc) {
    JsonObject body;
    try {
      Buffer buffer = rc.body().buffer();
      body = buffer == null || buffer.length() == 0 ? null : new JsonObject(buffer);
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      Problems.send(
          rc,
          Problems.invalid(
              400,
              "The body must be a JSON object with username and password.",
              List.of(new FieldError("", "must be a JSON object"))));
      return Optional.empty();
    }
    List<FieldError> errors = new ArrayList<>();
    String username = text(body, "username", errors);
    String password = text(body, "password", errors);
    if (username != null && username.length() > MAX_USERNAME) {
      errors.add(new FieldError("username", "must be at most " + MAX_USERNAME + " characters"));
    }
    if (password != null && password.length() > Passwords.MAX_LENGTH) {
      errors.add(
          new FieldError("password", "must be at most " + Passwords.MAX_LENGTH + " characters"));
    }
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(422, "Some fields are not valid.", errors));
      return Optional.empty();
    }
    return Optional.of(new Credentials(User.normalise(username), password));
  }

  private static String text(JsonObject body, String field, List<FieldError> errors) {
    Object value = body.getValue(field);
    if (value == null || (value instanceof String s && s.isBlank())) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    if (!(value instanceof String s)) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    return s;
  }

  /**
   * One attempt: refused while locked; otherwise counted, then the password is checked (against a
   * dummy hash for an unknown username, so both cost the same); a failure answers after the
   * lockout's delay, the same for a wrong password, an unknown user or a disabled one.
   */
  Future<Tokens.Issued> signIn(Credentials credentials) {
    String username = credentials.username();
    return store
        .beginAttempt(username)
        .compose(
            attempt ->
                attempt.locked()
                    ? Future.failedFuture(IdentityException.locked(attempt.retryAfter()))
                    : check(credentials)
                        .compose(ok -> ok.map(this::accept).orElseGet(() -> reject(attempt))));
  }

  /** The stored user when the password matches an enabled account. */
  private Future<Optional<UserStore.Stored>> check(Credentials credentials) {
    return store
        .stored(credentials.username())
        .compose(
            stored ->
                passwords
                    .verify(
                        vertx,
                        stored.map(UserStore.Stored::passwordHash).orElse(null),
                        credentials.password())
                    .map(match -> stored.filter(s -> match && !s.user().disabled())))
        .map(
            ok -> {
              ok.ifPresent(s -> upgradeHash(s, credentials.password()));
              return ok;
            });
  }

  private Future<Tokens.Issued> accept(UserStore.Stored stored) {
    return store
        .attemptSucceeded(stored.user().username())
        .map(v -> tokens.issue(stored.user(), stored.session()));
  }

  private Future<Tokens.Issued> reject(UserStore.Attempt attempt) {
    long delay = lockout.delayAfter(attempt.number()).toMillis();
    Future<Void> wait =
        delay < 1 ? Future.succeededFuture() : vertx.timer(delay, TimeUnit.MILLISECONDS);
    return wait.compose(v -> Future.failedFuture(IdentityException.badCredentials()));
  }

  /** A hash made with fewer iterations than now is re-made in the background. */
  private void upgradeHash(UserStore.Stored stored, String password) {
    if (!passwords.needsRehash(stored.passwordHash())) {
      return;
    }
    passwords
        .hash(vertx, password)
        .compose(hash -> store.rehash(stored.user().username(), hash))
        .onFailure(err -> LOG.warn("rehash of {}: {}", stored.user().username(), err.toString()));
  }

  // ------------------------------------------------------------------- refresh and logout

  private void refresh(RoutingContext rc) {
    Optional<String> token = Authn.tokenOf(rc.request());
    if (token.isEmpty()) {
      IdentityException.respond(rc, IdentityException.unauthenticated("No token to refresh."));
      return;
    }
    tokens
        .verifyForRefresh(token.get())
        .compose(
            claims ->
                store
                    .checkSession(claims.subject(), claims.session(), claims.jti())
                    .compose(v -> store.revoke(claims.jti(), tokens.revocationTtl(claims)))
                    .compose(fresh -> fresh ? store.stored(claims.subject()) : revoked()))
        .compose(
            stored ->
                stored
                    .filter(s -> !s.user().disabled())
                    .map(s -> Future.succeededFuture(tokens.issue(s.user(), s.session())))
                    .orElseGet(AuthRoutes::revoked))
        .onSuccess(issued -> sendToken(rc, issued))
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  private static <T> Future<T> revoked() {
    return Future.failedFuture(
        IdentityException.unauthenticated("The token has already been used or revoked."));
  }

  private void logout(RoutingContext rc) {
    Optional<String> token = Authn.tokenOf(rc.request());
    Future<?> revocation =
        token.isEmpty()
            ? Future.succeededFuture()
            : tokens
                .verifyForRefresh(token.get())
                .compose(claims -> store.revoke(claims.jti(), tokens.revocationTtl(claims)))
                // an invalid or expired token has nothing left to revoke
                .recover(
                    err ->
                        err instanceof IdentityException
                            ? Future.succeededFuture()
                            : Future.failedFuture(err));
    revocation
        .onSuccess(
            v -> {
              rc.response().addCookie(sessionCookie(rc, "", Duration.ZERO));
              rc.response().putHeader("Cache-Control", "no-store").setStatusCode(204).end();
            })
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  // ----------------------------------------------------------------------------- answers

  private void sendToken(RoutingContext rc, Tokens.Issued issued) {
    TokenClaims claims = issued.claims();
    JsonObject body =
        new JsonObject()
            .put("token", issued.token())
            .put("expiresAt", claims.expiresAt().toString())
            .put("roles", new JsonArray(claims.roles().stream().map(Role::code).toList()))
            .put("username", claims.subject())
            .put("displayName", issued.user().displayName());
    if (claims.department() != null) {
      body.put("dept", claims.department());
    }
    if (claims.town() != null) {
      body.put("town", claims.town());
    }
    rc.response().addCookie(sessionCookie(rc, issued.token(), tokens.lifetime()));
    json(rc, body);
  }

  /**
   * The session cookie: HttpOnly (scripts never see it), SameSite=Strict (no cross-site request
   * carries it), Path=/, Secure when the request came over TLS. An empty value with Max-Age 0
   * clears it.
   */
  static Cookie sessionCookie(RoutingContext rc, String value, Duration maxAge) {
    return Cookie.cookie(Authn.COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(rc.request().isSSL())
        .setMaxAge(maxAge.getSeconds());
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
