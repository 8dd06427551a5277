package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.errors.Problems;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * A failure of identity that has an answer: each kind maps to an HTTP status and a problem type
 * ({@link #respond}). Anything else is an internal error.
 */
public final class IdentityException extends RuntimeException implements Audit.Reasoned {

  public enum Kind {
    INVALID(422, "invalid-request", "The request is not valid"),
    BAD_CREDENTIALS(401, "invalid-credentials", "Sign-in failed"),
    LOCKED(429, "sign-in-locked", "Too many failed sign-ins"),
    UNAUTHENTICATED(401, "unauthenticated", "Not signed in"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    CSRF(403, "csrf", "Missing or wrong CSRF token"),
    NOT_FOUND(404, "user-not-found", "No such user"),
    CONFLICT(409, "user-exists", "The user already exists");

    private final int status;
    private final String type;
    private final String title;

    Kind(int status, String type, String title) {
      this.status = status;
      this.type = type;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String type() {
      return type;
    }

    public String title() {
      return title;
    }
  }

  static final String WWW_AUTHENTICATE = "Bearer realm=\"gridpulse\"";

  private final Kind kind;
  private final transient List<FieldError> errors;
  private final Duration retryAfter;

  private IdentityException(
      Kind kind, String detail, List<FieldError> errors, Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = kind;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  public static IdentityException invalid(List<FieldError> errors) {
    return new IdentityException(Kind.INVALID, "Some fields are not valid.", errors, null);
  }

  public static IdentityException badCredentials() {
    return new IdentityException(
        Kind.BAD_CREDENTIALS, "The username or the password is wrong.", List.of(), null);
  }

  public static IdentityException locked(Duration retryAfter) {
    return new IdentityException(
        Kind.LOCKED,
        "Too many failed sign-ins for this username: try again in "
            + retryAfterSeconds(retryAfter)
            + " s.",
        List.of(),
        retryAfter);
  }

  public static IdentityException unauthenticated(String detail) {
    return new IdentityException(Kind.UNAUTHENTICATED, detail, List.of(), null);
  }

  public static IdentityException forbidden(String detail) {
    return new IdentityException(Kind.FORBIDDEN, detail, List.of(), null);
  }

  /** A state-changing request signed in by the session cookie, without the matching token. */
  public static IdentityException csrf() {
    return new IdentityException(
        Kind.CSRF,
        "A request signed in by the session cookie that changes something must carry the "
            + Csrf.HEADER
            + " header with the value of the "
            + Csrf.COOKIE
            + " cookie.",
        List.of(),
        null);
  }

  public static IdentityException notFound(String username) {
    return new IdentityException(
        Kind.NOT_FOUND, "There is no user '" + username + "'.", List.of(), null);
  }

  public static IdentityException conflict(String username) {
    return new IdentityException(
        Kind.CONFLICT, "A user '" + username + "' already exists.", List.of(), null);
  }

  public Kind kind() {
    return kind;
  }

  /** The kind's problem type, e.g. {@code user-not-found}. */
  @Override
  public String auditReason() {
    return kind.type();
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** For {@link Kind#LOCKED}: how long until the lock ends; otherwise {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * The one failure exit of identity's routes: an {@link IdentityException} becomes its problem
   * (with {@code Retry-After} or {@code WWW-Authenticate} where they belong); anything else goes to
   * the router's failure handler (500).
   */
  public static void respond(RoutingContext rc, Throwable failure) {
    if (!(failure instanceof IdentityException e)) {
      rc.fail(failure);
      return;
    }
    if (rc.response().ended() || rc.response().closed()) {
      return;
    }
    if (e.kind == Kind.INVALID) {
      Problems.send(rc, Problems.invalid(422, e.getMessage(), e.errors));
      return;
    }
    if (e.retryAfter != null) {
      rc.response().putHeader("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter)));
    }
    if (e.kind.status() == 401) {
      rc.response().putHeader("WWW-Authenticate", WWW_AUTHENTICATE);
    }
    Problems.send(rc, e.kind.status(), e.kind.type(), e.kind.title(), e.getMessage());
  }

  static long retryAfterSeconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
