package io.gridpulse.server.identity;

import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.audit.Who;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Users from the command line ({@code ./gridpulse users …}): a blocking façade over {@link
 * UserStore} with its own Vert.x and Redis client, which writes each action to the audit trail as
 * {@code cli:<os user>} (the server indexes it). Call it from a plain thread (picocli's), never
 * from an event loop; close it when done (it waits for the audit writes). Failures are {@link
 * IdentityException}s (their message and, for INVALID, {@link IdentityException#errors()} say what
 * is wrong) or {@link IllegalStateException} when Redis cannot be reached in time.
 */
public final class UserAdmin implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Redis redis;
  private final UserStore store;
  private final Audit audit;
  private final Who who = Who.cli();

  private UserAdmin(Vertx vertx, Redis redis, UserStore store, Audit audit) {
    this.vertx = vertx;
    this.redis = redis;
    this.store = store;
    this.audit = audit;
  }

  /** Against {@code redisUrl}, with default iterations and the given units to check codes. */
  public static UserAdmin connect(String redisUrl, OrgUnits units) {
    return connect(redisUrl, units, Passwords.DEFAULT_ITERATIONS, IdentityKeys.DEFAULT);
  }

  public static UserAdmin connect(
      String redisUrl, OrgUnits units, int passwordIterations, IdentityKeys keys) {
    Vertx vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
    UserStore store =
        new UserStore(
            vertx, redis, new Passwords(passwordIterations), Lockout.DEFAULT, units, keys);
    return new UserAdmin(vertx, redis, store, Audit.over(redis, "cli", new SimpleMeterRegistry()));
  }

  public User create(
      String username,
      String displayName,
      Set<Role> roles,
      String department,
      String town,
      String password) {
    return create(username, displayName, roles, department, town, null, password);
  }

  public User create(
      String username,
      String displayName,
      Set<Role> roles,
      String department,
      String town,
      String mediator,
      String password) {
    NewUser user = new NewUser(username, displayName, roles, department, town, mediator);
    AuditEntry entry =
        AuditEntry.of(who, AuditActions.USER_CREATE)
            .on("user", user.username())
            .with("roles", user.roles().stream().map(Role::code).toList())
            .with("dept", user.department())
            .with("town", user.town())
            .with("mediator", user.mediator());
    return await(audit.around(entry, store.create(user, password)));
  }

  public User get(String username) {
    return await(audited(AuditActions.USER_SHOW, username, store.get(username)));
  }

  public List<User> list() {
    return await(audit.around(AuditEntry.of(who, AuditActions.USER_LIST), store.list()));
  }

  public User disable(String username) {
    return await(audited(AuditActions.USER_DISABLE, username, store.disable(username)));
  }

  public User enable(String username) {
    return await(audited(AuditActions.USER_ENABLE, username, store.enable(username)));
  }

  public void resetPassword(String username, String password) {
    await(audited(AuditActions.USER_PASSWORD, username, store.resetPassword(username, password)));
  }

  public User setRoles(String username, Set<Role> roles, String department, String town) {
    return await(
        audited(
            AuditActions.USER_ROLES, username, store.setRoles(username, roles, department, town)));
  }

  public void delete(String username) {
    await(audited(AuditActions.USER_DELETE, username, store.delete(username)));
  }

  public LockState lockState(String username) {
    return await(store.lockState(username));
  }

  public void unlock(String username) {
    await(audited(AuditActions.USER_UNLOCK, username, store.unlock(username)));
  }

  /** The store, for callers that prefer futures (not audited). */
  public UserStore store() {
    return store;
  }

  /** {@code operation} on user {@code username}, written to the audit trail when it is done. */
  private <T> Future<T> audited(String action, String username, Future<T> operation) {
    return audit.around(AuditEntry.of(who, action).on("user", User.normalise(username)), operation);
  }

  @Override
  public void close() {
    try {
      await(audit.flush(Duration.ofSeconds(10)));
      redis.close();
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Redis did not answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
