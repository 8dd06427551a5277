package io.gridpulse.pipelines.stream;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work that one instance at a time may do (the sweeper, the reading rollups, a live topic's
 * figures): a Redis lease under {@code key} held by {@code holder}, that expires by itself if its
 * holder dies, is renewed only by its holder and released only by its holder (compare-and-delete).
 * {@link #run} takes it for one piece of work; {@link #holdAll} takes or renews it for a holder
 * that keeps it across turns until {@link #release}.
 */
public final class Lease {
  /** Take the lease if free, renew it if ours; 1 when we hold it. */
  static final String HOLD =
      "local v = redis.call('GET', KEYS[1]) "
          + "if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 "
          + "elseif v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 "
          + "else return 0 end";

  static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private Lease() {}

  /**
   * Runs {@code work} if {@code holder} gets the lease, then releases it; empty when another holds
   * it.
   */
  public static <T> Future<Optional<T>> run(
      Redis redis, String key, String holder, Duration lease, Supplier<Future<T>> work) {
    return redis
        .send(
            Request.cmd(Command.SET).arg(key).arg(holder).arg("NX").arg("PX").arg(lease.toMillis()))
        .compose(
            got -> {
              if (got == null || !"OK".equals(got.toString())) {
                return Future.succeededFuture(Optional.<T>empty());
              }
              return work.get()
                  .map(Optional::of)
                  .eventually(() -> release(redis, key, holder).otherwiseEmpty());
            });
  }

  /**
   * Takes each lease for {@code lease} if it is free, or renews it if {@code holder} has it; all in
   * one round trip (pipelined): for each key in order, whether {@code holder} holds it now.
   */
  public static Future<List<Boolean>> holdAll(
      Redis redis, List<String> keys, String holder, Duration lease) {
    List<Request> requests = new ArrayList<>(keys.size());
    keys.forEach(key -> requests.add(holdRequest(key, holder, lease)));
    return redis.batch(requests).map(replies -> replies.stream().map(Lease::held).toList());
  }

  private static Request holdRequest(String key, String holder, Duration lease) {
    return Request.cmd(Command.EVAL).arg(HOLD).arg(1).arg(key).arg(holder).arg(lease.toMillis());
  }

  private static boolean held(Response reply) {
    return reply != null && reply.toInteger() == 1;
  }

  /** Gives the lease up if {@code holder} has it (another's is left alone). */
  public static Future<Void> release(Redis redis, String key, String holder) {
    return redis
        .send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(holder))
        .mapEmpty();
  }
}
