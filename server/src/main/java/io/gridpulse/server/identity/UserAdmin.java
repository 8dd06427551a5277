package io.gridpulse.server.identity;

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
 * UserStore} with its own Vert.x and Redis client. Call it from a plain thread (picocli's), never
 * from an event loop; close it when done. Failures are {@link IdentityException}s (their message
 * and, for INVALID, {@link IdentityException#errors()} say what is wrong) or {@link
 * IllegalStateException} when Redis cannot be reached in time.
 */
public final class UserAdmin implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Redis redis;
  private final UserStore store;

  private UserAdmin(Vertx vertx, Redis redis, UserStore store) {
    this.vertx = vertx;
    this.redis = redis;
    this.store = store;
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
    return new UserAdmin(vertx, redis, store);
  }

  public User create(
      String username,
      String displayName,
      Set<Role> roles,
      String department,
      String town,
      String password) {
    return await(
        store.create(new NewUser(username, displayName, roles, department, town), password));
  }

  public User get(String username) {
    return await(store.get(username));
  }

  public List<User> list() {
    return await(store.list());
  }

  public User disable(String username) {
    return await(store.disable(username));
  }

  public User enable(String username) {
    return await(store.enable(username));
  }

  public void resetPassword(String username, String password) {
    await(store.resetPassword(username, password));
  }

  public User setRoles(String username, Set<Role> roles, String department, String town) {
    return await(store.setRoles(username, roles, department, town));
  }

  public void delete(String username) {
    await(store.delete(username));
  }

  public LockState lockState(String username) {
    return await(store.lockState(username));
  }

  public void unlock(String username) {
    await(store.unlock(username));
  }

  /** The store, for callers that prefer futures. */
  public UserStore store() {
    return store;
  }

  @Override
  public void close() {
    try {
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
