package io.gridpulse.pipelines.stream;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work that one instance at a time may do (the sweeper, the reading rollups): a Redis lock ({@code
 * SET key holder NX PX lease}) that expires by itself if its holder dies, and is released only by
 * its holder (compare-and-delete).
 */
public final class Lease {
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private Lease() {}

  /** Runs {@code work} if {@code holder} gets the lock; empty when another holds it. */
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
                  .eventually(
                      () ->
                          redis
                              .send(
                                  Request.cmd(Command.EVAL)
                                      .arg(RELEASE)
                                      .arg(1)
                                      .arg(key)
                                      .arg(holder))
                              .otherwiseEmpty());
            });
  }
}
