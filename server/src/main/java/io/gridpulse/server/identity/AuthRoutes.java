package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.audit.Origin;
import io.gridpulse.server.audit.Who;
import io.gridpulse.server.errors.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
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
 *       "expiresAt", "roles", "username", "displayName", "dept"?, "town"?, "mediator"?,
 *       "csrfToken"}}, the {@value Authn#COOKIE} cookie (HttpOnly, SameSite=Strict, Path=/, Secure
 *       over TLS) and the {@value Csrf#COOKIE} cookie ({@link Csrf}); 401 for a wrong username or
 *       password alike (after a growing delay); 429 with Retry-After while the username is locked;
 *       400/422 for a malformed body.
 *   <li>{@code POST /api/v1/auth/refresh} (bearer or cookie; the token may have expired less than
 *       the grace ago) → a new token as above; the old one is revoked, so each is used once.
 *   <li>{@code POST /api/v1/auth/logout} → 204; revokes the token if any, clears the cookies.
 *   <li>{@code GET /api/v1/auth/me} → the caller.
 * </ul>
 *
 * <p>Refresh and sign-out by the cookie need the CSRF header. Every sign-in, failed sign-in (with
 * its reason, which the answer never tells), lockout, refresh and sign-out goes to the {@link
 * Audit} trail.
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  public static final String LOGIN = "/api/v1/auth/login";
  public static final String REFRESH = "/api/v1/auth/refresh";
  public static final String LOGOUT = "/api/v1/auth/logout";
  public static final String ME = "/api/v1/auth/me";
  static final int MAX_BODY = 4096;

  /** Refresh and sign-out take no body: anything beyond this is refused with 413. */
  static final int NO_BODY = 1024;

  static final int MAX_USERNAME = 64;

  private final Vertx vertx;
  private final UserStore store;
  private final Passwords passwords;
  private final Tokens tokens;
  private final Lockout lockout;
  private final Authn authn;
  private final Csrf csrf;
  private final Audit audit;

  public AuthRoutes(
      Vertx vertx,
      UserStore store,
      Passwords passwords,
      Tokens tokens,
      Lockout lockout,
      Authn authn,
      Csrf csrf,
      Audit audit) {
    this.vertx = vertx;
    this.store = store;
    this.passwords = passwords;
    this.tokens = tokens;
    this.lockout = lockout;
    this.authn = authn;
    this.csrf = csrf;
    this.audit = audit;
  }

  public void mount(Router router) {
    router
        .post(LOGIN)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::login);
    router
        .post(REFRESH)
        .handler(BodyHandler.create(false).setBodyLimit(NO_BODY))
        .handler(this::refresh);
    router
        .post(LOGOUT)
        .handler(BodyHandler.create(false).setBodyLimit(NO_BODY))
        .handler(this::logout);
    router.get(ME).handler(authn).handler(rc -> json(rc, Caller.of(rc).toJson()));
  }

  // ------------------------------------------------------------------------------ login

  record Credentials(String username, String password) {}

  private void login(RoutingContext rc) {
    Optional<Credentials> credentials = credentials(rc);
    if (credentials.isEmpty()) {
      return;
    }
    signIn(credentials.get(), Origin.of(rc))
        .onSuccess(issued -> sendToken(rc, issued))
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  /** The body's credentials, or empty after answering 400/422. */
  private static Optional<Credentials> credentials(RoutingContext rc) {
    Optional<JsonObject> parsed =
        Problems.objectBody(rc, "The body must be a JSON object with username and password.");
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    JsonObject body = parsed.get();
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
   * lockout's delay, the same for a wrong password, an unknown user or a disabled one. The audit
   * trail records which it was, and the lockout the attempt caused.
   */
  Future<Tokens.Issued> signIn(Credentials credentials, Origin origin) {
    String username = credentials.username();
    AuditEntry failed =
        AuditEntry.of(Who.anonymous(username, origin), AuditActions.LOGIN).on("user", username);
    return store
        .beginAttempt(username)
        .compose(
            attempt -> {
              if (attempt.locked()) {
                audit.record(failed.failed("locked"));
                return Future.failedFuture(IdentityException.locked(attempt.retryAfter()));
              }
              return check(credentials)
                  .compose(
                      verdict ->
                          verdict.stored() != null
                              ? accept(verdict.stored(), origin)
                              : reject(attempt, failed.failed(verdict.failure())));
            });
  }

  /** The stored user when the password matches an enabled account, else why not. */
  record Verdict(UserStore.Stored stored, String failure) {}

  private Future<Verdict> check(Credentials credentials) {
    return store
        .stored(credentials.username())
        .compose(
            stored ->
                passwords
                    .verify(
                        vertx,
                        stored.map(UserStore.Stored::passwordHash).orElse(null),
                        credentials.password())
                    .map(match -> verdict(stored, match)))
        .onSuccess(
            verdict -> {
              if (verdict.stored() != null) {
                upgradeHash(verdict.stored(), credentials.password());
              }
            });
  }

  private static Verdict verdict(Optional<UserStore.Stored> stored, boolean match) {
    if (stored.isEmpty()) {
      return new Verdict(null, "unknown-user");
    }
    if (!match) {
      return new Verdict(null, "wrong-password");
    }
    if (stored.get().user().disabled()) {
      return new Verdict(null, "disabled");
    }
    return new Verdict(stored.get(), null);
  }

  private Future<Tokens.Issued> accept(UserStore.Stored stored, Origin origin) {
    User user = stored.user();
    return store
        .attemptSucceeded(user.username())
        .map(v -> tokens.issue(user, stored.session()))
        .onSuccess(
            issued ->
                audit.record(
                    AuditEntry.of(
                            Who.user(user.username(), user.roleCodes(), origin), AuditActions.LOGIN)
                        .on("user", user.username())));
  }

  private Future<Tokens.Issued> reject(UserStore.Attempt attempt, AuditEntry failure) {
    audit.record(failure);
    if (attempt.number() >= lockout.maxFailures()) {
      // this attempt set the lock (the Lua script does it on the maxFailures-th failure)
      audit.record(
          AuditEntry.of(failure.who(), AuditActions.LOCKOUT)
              .on("user", failure.target())
              .with("failures", attempt.number())
              .with("lockSeconds", lockout.lockDuration().toSeconds()));
    }
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
    Optional<Authn.Credential> credential = Authn.credentialOf(rc.request().headers());
    if (credential.isEmpty()) {
      IdentityException.respond(rc, IdentityException.unauthenticated("No token to refresh."));
      return;
    }
    tokens
        .verifyForRefresh(credential.get().token())
        .compose(
            claims ->
                authn
                    .checkCsrf(rc, credential.get(), claims.jti())
                    .compose(
                        v -> store.checkSession(claims.subject(), claims.session(), claims.jti()))
                    .compose(v -> store.revoke(claims.jti(), tokens.revocationTtl(claims)))
                    .compose(fresh -> fresh ? store.stored(claims.subject()) : revoked()))
        .compose(
            stored ->
                stored
                    .filter(s -> !s.user().disabled())
                    .map(s -> Future.succeededFuture(tokens.issue(s.user(), s.session())))
                    .orElseGet(AuthRoutes::revoked))
        .onSuccess(
            issued -> {
              audit.record(
                  AuditEntry.of(issued.claims().caller().who(rc), AuditActions.REFRESH)
                      .on("user", issued.claims().subject()));
              sendToken(rc, issued);
            })
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  private static <T> Future<T> revoked() {
    return Future.failedFuture(
        IdentityException.unauthenticated("The token has already been used or revoked."));
  }

  private void logout(RoutingContext rc) {
    Optional<Authn.Credential> credential = Authn.credentialOf(rc.request().headers());
    Future<?> revocation =
        credential.isEmpty()
            ? Future.succeededFuture()
            : tokens
                .verifyForRefresh(credential.get().token())
                // an invalid or expired token has nothing left to revoke
                .transform(
                    ar ->
                        ar.failed()
                            ? Future.succeededFuture()
                            : signOut(rc, credential.get(), ar.result()));
    revocation
        .onSuccess(
            v -> {
              boolean secure = Origin.of(rc).secure();
              rc.response().addCookie(sessionCookie(secure, "", Duration.ZERO));
              rc.response().addCookie(Csrf.cookie("", Duration.ZERO, secure));
              rc.response().putHeader("Cache-Control", "no-store").setStatusCode(204).end();
            })
        .onFailure(err -> IdentityException.respond(rc, err));
  }

  /** Revokes a valid token (after the CSRF check when it came in the cookie), and says so. */
  private Future<Void> signOut(RoutingContext rc, Authn.Credential credential, TokenClaims claims) {
    return authn
        .checkCsrf(rc, credential, claims.jti())
        .compose(v -> store.revoke(claims.jti(), tokens.revocationTtl(claims)))
        .onSuccess(
            fresh -> {
              if (fresh) {
                store.announceSignOut(claims.jti());
                audit.record(
                    AuditEntry.of(claims.caller().who(rc), AuditActions.LOGOUT)
                        .on("user", claims.subject()));
              }
            })
        .mapEmpty();
  }

  // ----------------------------------------------------------------------------- answers

  private void sendToken(RoutingContext rc, Tokens.Issued issued) {
    TokenClaims claims = issued.claims();
    String csrfToken = csrf.tokenFor(claims.jti());
    JsonObject body =
        new JsonObject()
            .put("token", issued.token())
            .put("expiresAt", claims.expiresAt().toString())
            .put("roles", new JsonArray(claims.roles().stream().map(Role::code).toList()))
            .put("username", claims.subject())
            .put("displayName", issued.user().displayName())
            .put("csrfToken", csrfToken);
    if (claims.department() != null) {
      body.put("dept", claims.department());
    }
    if (claims.mediator() != null) {
      body.put("mediator", claims.mediator());
    }
    if (claims.town() != null) {
      body.put("town", claims.town());
    }
    // the cookies outlive the token by the refresh grace, so that a page can still refresh it
    boolean secure = Origin.of(rc).secure();
    Duration maxAge = tokens.lifetime().plus(tokens.grace());
    rc.response().addCookie(sessionCookie(secure, issued.token(), maxAge));
    rc.response().addCookie(Csrf.cookie(csrfToken, maxAge, secure));
    json(rc, body);
  }

  /**
   * The session cookie: HttpOnly (scripts never see it), SameSite=Strict (no cross-site request
   * carries it), Path=/, Secure when the client's connection is TLS (ours, or a trusted proxy's).
   * An empty value with Max-Age 0 clears it.
   */
  static Cookie sessionCookie(boolean secure, String value, Duration maxAge) {
    return Cookie.cookie(Authn.COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(maxAge.getSeconds());
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
