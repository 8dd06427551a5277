package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, sign-in throttling and revoked tokens, in Redis (see {@link IdentityKeys} for the keys). A
 * user is a hash; every change that must end the user's sessions (disable, new password, new roles,
 * delete) gives it a new session stamp, which its tokens carry and {@link Authn} checks.
 */
public final class UserStore {
  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
  static final List<String> FIELDS =
      List.of(
          "username",
          "displayName",
          "roles",
          "dept",
          "town",
          "disabled",
          "password",
          "session",
          "createdAt",
          "updatedAt",
          "mediator");

  /** KEYS: user, names. ARGV: username, then field/value pairs. 1 = created, 0 = exists. */
  private static final String CREATE =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], unpack(ARGV, 2))
      redis.call('SADD', KEYS[2], ARGV[1])
      return 1
      """;

  /** KEYS: user, then keys to delete. ARGV: field/value pairs. 1 = updated, 0 = no such user. */
  private static final String UPDATE =
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], unpack(ARGV))
      for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
      return 1
      """;

  /** KEYS: user, names, failures, lock. ARGV: username. 1 = deleted, 0 = no such user. */
  private static final String DELETE =
      """
      local n = redis.call('DEL', KEYS[1])
      redis.call('SREM', KEYS[2], ARGV[1])
      redis.call('DEL', KEYS[3], KEYS[4])
      return n
      """;

  /**
   * An attempt begins: refused while locked ({-1, ms left}); otherwise counted ({n, 0}) before the
   * password is checked, so that parallel guesses are counted too; the maxFailures-th attempt locks
   * the username (the lock holds the count). A success clears both keys. KEYS: failures, lock.
   * ARGV: maxFailures, window ms, lock ms.
   */
  private static final String BEGIN_ATTEMPT =
      """
      local left = redis.call('PTTL', KEYS[2])
      if left > 0 then return {-1, left} end
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      if n >= tonumber(ARGV[1]) then
        redis.call('SET', KEYS[2], n, 'PX', ARGV[3])
        redis.call('DEL', KEYS[1])
      end
      return {n, 0}
      """;

  private final Vertx vertx;
  private final Redis redis;
  private final Passwords passwords;
  private final Lockout lockout;
  private final OrgUnits units;
  private final IdentityKeys keys;
  private final Clock clock;

  public UserStore(
      Vertx vertx,
      Redis redis,
      Passwords passwords,
      Lockout lockout,
      OrgUnits units,
      IdentityKeys keys) {
    this(vertx, redis, passwords, lockout, units, keys, Clock.systemUTC());
  }

  UserStore(
      Vertx vertx,
      Redis redis,
      Passwords passwords,
      Lockout lockout,
      OrgUnits units,
      IdentityKeys keys,
      Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.passwords = passwords;
    this.lockout = lockout;
    this.units = units;
    this.keys = keys;
    this.clock = clock;
  }

  /** A stored user with what sign-in needs. */
  record Stored(User user, String passwordHash, String session) {}

  /** The start of a sign-in attempt: its number in the window, or how long the lock lasts. */
  record Attempt(int number, Duration retryAfter) {
    boolean locked() {
      return retryAfter != null;
    }
  }

  // ------------------------------------------------------------------------------ users

  /**
   * Creates a user; fails with {@link IdentityException.Kind#INVALID} (field errors, password
   * policy included) or {@link IdentityException.Kind#CONFLICT}.
   */
  public Future<User> create(NewUser user, String password) {
    return create(user, password, true);
  }

  /** Demo accounts skip the password policy (their password is the configured demo one). */
  Future<User> create(NewUser user, String password, boolean enforcePolicy) {
    List<FieldError> errors = validate(user, password, enforcePolicy);
    if (!errors.isEmpty()) {
      return Future.failedFuture(IdentityException.invalid(errors));
    }
    Instant now = clock.instant();
    User created =
        new User(
            user.username(),
            user.displayName(),
            user.roles(),
            user.department(),
            user.town(),
            false,
            now,
            now,
            user.mediator());
    return passwords
        .hash(vertx, password)
        .compose(hash -> insert(created, hash))
        .compose(
            inserted ->
                inserted
                    ? Future.succeededFuture(created)
                    : Future.failedFuture(IdentityException.conflict(user.username())));
  }

  /**
   * What is wrong with {@code user} and {@code password}, field by field (the password policy
   * applies unless {@code enforcePolicy} is false); empty when the user may be created.
   */
  public List<FieldError> validate(NewUser user, String password, boolean enforcePolicy) {
    List<FieldError> errors = new ArrayList<>(user.validate(units));
    if (enforcePolicy) {
      Passwords.checkPolicy("password", password).ifPresent(errors::add);
    } else if (password == null || password.isEmpty()) {
      errors.add(new FieldError("password", "is required"));
    }
    return errors;
  }

  private Future<Boolean> insert(User user, String hash) {
    Request eval = script(CREATE, keys.user(user.username()), keys.names()).arg(user.username());
    fields(user, hash, newSession()).forEach(eval::arg);
    return redis.send(eval).map(r -> r.toInteger() == 1);
  }

  public Future<Optional<User>> find(String username) {
    return stored(username).map(s -> s.map(Stored::user));
  }

  /** The user, or a failure with {@link IdentityException.Kind#NOT_FOUND}. */
  public Future<User> get(String username) {
    String name = User.normalise(username);
    return find(name)
        .compose(
            u ->
                u.map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(IdentityException.notFound(name))));
  }

  /** Every user, by username. */
  public Future<List<User>> list() {
    return redis
        .send(Request.cmd(Command.SMEMBERS).arg(keys.names()))
        .compose(
            names -> {
              List<Request> reads = new ArrayList<>();
              for (Response name : names) {
                reads.add(hmget(name.toString()));
              }
              return reads.isEmpty()
                  ? Future.<List<Response>>succeededFuture(List.of())
                  : redis.batch(reads);
            })
        .map(
            rows ->
                rows.stream()
                    .map(UserStore::parse)
                    .flatMap(Optional::stream)
                    .map(Stored::user)
                    .sorted(Comparator.comparing(User::username))
                    .toList());
  }

  /** Disables the user and ends its sessions. */
  public Future<User> disable(String username) {
    return update(username, List.of("disabled", "1", "session", newSession()))
        .onSuccess(this::announceUser)
        .compose(this::get);
  }

  public Future<User> enable(String username) {
    return update(username, List.of("disabled", "0")).compose(this::get);
  }

  /** Replaces the user's roles (and their department and town) and ends its sessions. */
  public Future<User> setRoles(String username, Set<Role> roles, String department, String town) {
    return setRoles(username, roles, department, town, null);
  }

  /** Replaces the user's roles (and their department, town and mediator) and ends its sessions. */
  public Future<User> setRoles(
      String username, Set<Role> roles, String department, String town, String mediator) {
    NewUser probe = new NewUser(username, "-", roles, department, town, mediator);
    List<FieldError> errors =
        NewUser.validateRoles(
            probe.roles(), probe.department(), probe.town(), probe.mediator(), units);
    if (!errors.isEmpty()) {
      return Future.failedFuture(IdentityException.invalid(errors));
    }
    return update(
            username,
            List.of(
                "roles",
                codes(probe.roles()),
                "dept",
                orEmpty(probe.department()),
                "town",
                orEmpty(probe.town()),
                "mediator",
                orEmpty(probe.mediator()),
                "session",
                newSession()))
        .onSuccess(this::announceUser)
        .compose(this::get);
  }

  /**
   * Sets a new password (policy enforced), ends the user's sessions and clears its failed sign-ins
   * and lock.
   */
  public Future<Void> resetPassword(String username, String newPassword) {
    Optional<FieldError> weak = Passwords.checkPolicy("password", newPassword);
    if (weak.isPresent()) {
      return Future.failedFuture(IdentityException.invalid(List.of(weak.get())));
    }
    String name = User.normalise(username);
    return passwords
        .hash(vertx, newPassword)
        .compose(
            hash ->
                update(
                    name,
                    List.of("password", hash, "session", newSession()),
                    keys.failures(name),
                    keys.lock(name)))
        .onSuccess(this::announceUser)
        .mapEmpty();
  }

  /** Deletes the user (its tokens stop working at once). */
  public Future<Void> delete(String username) {
    String name = User.normalise(username);
    return redis
        .send(
            script(DELETE, keys.user(name), keys.names(), keys.failures(name), keys.lock(name))
                .arg(name))
        .compose(
            r ->
                r.toInteger() == 1
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(IdentityException.notFound(name)))
        .onSuccess(v -> announceUser(name));
  }

  // ---------------------------------------------------------------------------- lockout

  /** The username's failed sign-ins and lock (known usernames or not). */
  public Future<LockState> lockState(String username) {
    String name = User.normalise(username);
    return redis
        .batch(
            List.of(
                Request.cmd(Command.GET).arg(keys.failures(name)),
                Request.cmd(Command.GET).arg(keys.lock(name)),
                Request.cmd(Command.PTTL).arg(keys.lock(name))))
        .map(
            r -> {
              long left = r.get(2).toLong();
              if (r.get(1) != null && left > 0) {
                return new LockState(
                    r.get(1).toInteger(),
                    clock.instant().plusMillis(left).truncatedTo(ChronoUnit.MILLIS));
              }
              return new LockState(r.get(0) == null ? 0 : r.get(0).toInteger(), null);
            });
  }

  /** The user for an administrator: {@link User#toJson()} with its {@code lock} state. */
  public Future<JsonObject> describe(User user) {
    return lockState(user.username()).map(lock -> user.toJson().put("lock", lock.toJson()));
  }

  /** Ends a lock and forgets the failures (an admin's action). */
  public Future<Void> unlock(String username) {
    String name = User.normalise(username);
    return redis
        .send(Request.cmd(Command.DEL).arg(keys.failures(name)).arg(keys.lock(name)))
        .mapEmpty();
  }

  Future<Attempt> beginAttempt(String username) {
    return redis
        .send(
            script(BEGIN_ATTEMPT, keys.failures(username), keys.lock(username))
                .arg(lockout.maxFailures())
                .arg(lockout.window().toMillis())
                .arg(lockout.lockDuration().toMillis()))
        .map(
            r ->
                r.get(0).toInteger() < 0
                    ? new Attempt(0, Duration.ofMillis(r.get(1).toLong()))
                    : new Attempt(r.get(0).toInteger(), null));
  }

  Future<Void> attemptSucceeded(String username) {
    return redis
        .send(Request.cmd(Command.DEL).arg(keys.failures(username)).arg(keys.lock(username)))
        .mapEmpty();
  }

  // ---------------------------------------------------------------------------- sessions

  Future<Optional<Stored>> stored(String username) {
    String name = User.normalise(username);
    if (name == null || name.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return redis.send(hmget(name)).map(UserStore::parse);
  }

  /** Stores a re-made hash of the same password (sessions stay valid). */
  Future<Void> rehash(String username, String hash) {
    return update(username, List.of("password", hash)).mapEmpty();
  }

  /**
   * Whether a token's session still holds, in one round trip: its jti is not revoked, its user
   * exists, is enabled and still has the session stamp the token carries.
   */
  Future<Void> checkSession(String username, String session, String jti) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.EXISTS).arg(keys.revoked(jti)),
                Request.cmd(Command.HMGET).arg(keys.user(username)).arg("disabled").arg("session")))
        .compose(
            r -> {
              if (r.get(0).toInteger() > 0) {
                return Future.failedFuture(
                    IdentityException.unauthenticated(
                        "The token has been revoked (signed out): sign in again."));
              }
              Response user = r.get(1);
              boolean valid =
                  user.get(1) != null
                      && user.get(1).toString().equals(session)
                      && !"1".equals(String.valueOf(user.get(0)));
              return valid
                  ? Future.succeededFuture()
                  : Future.failedFuture(
                      IdentityException.unauthenticated(
                          "The session has ended (account changed or disabled): sign in again."));
            });
  }

  /**
   * Revokes a token id for {@code ttl} (its remaining lifetime); answers whether it was newly
   * revoked, so that a refresh can use each token once.
   */
  Future<Boolean> revoke(String jti, Duration ttl) {
    long ms = Math.max(1000, ttl.toMillis());
    return redis
        .send(Request.cmd(Command.SET).arg(keys.revoked(jti)).arg("1").arg("PX").arg(ms).arg("NX"))
        .map(r -> r != null);
  }

  // ------------------------------------------------------------------- ended sessions

  /** The pub/sub channel of {@link IdentityKeys#sessionsEnded()}. */
  String sessionsEndedChannel() {
    return keys.sessionsEnded();
  }

  /**
   * Announces that the token {@code jti} was revoked by a sign-out, so that the WebSocket hubs of
   * every instance close what it signed in. (Best effort: the hubs also re-check their sessions
   * whenever they reconnect to Redis.)
   */
  void announceSignOut(String jti) {
    announce(new JsonObject().put("jti", jti));
  }

  /** Announces that the sessions of {@code username} ended (new session stamp, or deleted). */
  private void announceUser(String username) {
    announce(new JsonObject().put("user", username));
  }

  private void announce(JsonObject notice) {
    redis
        .send(Request.cmd(Command.PUBLISH).arg(keys.sessionsEnded()).arg(notice.encode()))
        .onFailure(
            err -> LOG.warn("could not announce ended sessions {}: {}", notice, err.toString()));
  }

  // ---------------------------------------------------------------------------- helpers

  private Future<String> update(String username, List<String> fields, String... deletes) {
    String name = User.normalise(username);
    List<String> fieldsAndTime = new ArrayList<>(fields);
    fieldsAndTime.add("updatedAt");
    fieldsAndTime.add(clock.instant().toString());
    String[] keyList = new String[deletes.length + 1];
    keyList[0] = keys.user(name);
    System.arraycopy(deletes, 0, keyList, 1, deletes.length);
    Request eval = script(UPDATE, keyList);
    fieldsAndTime.forEach(eval::arg);
    return redis
        .send(eval)
        .compose(
            r ->
                r.toInteger() == 1
                    ? Future.succeededFuture(name)
                    : Future.failedFuture(IdentityException.notFound(name)));
  }

  private Request hmget(String username) {
    Request r = Request.cmd(Command.HMGET).arg(keys.user(username));
    FIELDS.forEach(r::arg);
    return r;
  }

  private static Request script(String script, String... keyList) {
    Request r = Request.cmd(Command.EVAL).arg(script).arg(keyList.length);
    Arrays.stream(keyList).forEach(r::arg);
    return r;
  }

  private static List<String> fields(User user, String hash, String session) {
    return List.of(
        "username",
        user.username(),
        "displayName",
        user.displayName(),
        "roles",
        codes(user.roles()),
        "dept",
        orEmpty(user.department()),
        "town",
        orEmpty(user.town()),
        "disabled",
        user.disabled() ? "1" : "0",
        "password",
        hash,
        "session",
        session,
        "createdAt",
        user.createdAt().toString(),
        "updatedAt",
        user.updatedAt().toString(),
        "mediator",
        orEmpty(user.mediator()));
  }

  /** A user from an HMGET of {@link #FIELDS}; empty when the user does not exist. */
  static Optional<Stored> parse(Response r) {
    if (r == null || r.size() < FIELDS.size() || r.get(0) == null) {
      return Optional.empty();
    }
    User user =
        new User(
            text(r, 0),
            text(r, 1),
            roles(text(r, 2)),
            emptyToNull(text(r, 3)),
            emptyToNull(text(r, 4)),
            "1".equals(text(r, 5)),
            instant(text(r, 8)),
            instant(text(r, 9)),
            emptyToNull(text(r, 10)));
    return Optional.of(new Stored(user, text(r, 6), text(r, 7)));
  }

  private static String text(Response r, int i) {
    Response v = r.get(i);
    return v == null ? null : v.toString();
  }

  static String codes(Set<Role> roles) {
    return String.join(",", roles.stream().map(Role::code).toList());
  }

  static Set<Role> roles(String codes) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (codes != null) {
      Arrays.stream(codes.split(",")).map(Role::of).flatMap(Optional::stream).forEach(roles::add);
    }
    return roles;
  }

  private static Instant instant(String s) {
    return s == null || s.isEmpty() ? null : Instant.parse(s);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static String newSession() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
