package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.Lease;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading domain's background work, on every instance but done by one at a time: the hourly
 * rollups every {@code rollupEvery}, and the retention of the raw rows every hour (the first an
 * hour after start); and, once at start, the placement registry filled from Elasticsearch.
 */
public final class ReadingJobs extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReadingJobs.class);
  static final String RETENTION_LOCK = "gridpulse:reading:retention:lock";

  /** How the jobs are set up. {@code rawMonths}: months of raw rows kept besides the current. */
  public record Options(Duration rollupEvery, int rawMonths, int batch) {}

  private final Elastic elastic;
  private final Redis redis;
  private final Clock clock;
  private final String instanceId;
  private final Options options;
  private final MeterRegistry registry;
  private final PlacementRegistry placements;
  private final AtomicLong pending = new AtomicLong();
  private final ReadingRollup rollup;
  private Counter buckets;
  private boolean running;

  public ReadingJobs(
      Elastic elastic,
      Redis redis,
      Clock clock,
      String instanceId,
      Options options,
      MeterRegistry registry,
      PlacementRegistry placements) {
    this.placements = placements;
    this.elastic = elastic;
    this.redis = redis;
    this.clock = clock;
    this.instanceId = instanceId;
    this.options = options;
    this.registry = registry;
    this.rollup = rollup(elastic, redis, clock, instanceId, options);
  }

  /** The rollup the pipeline's hook marks hours on. */
  public static ReadingRollup rollup(
      Elastic elastic, Redis redis, Clock clock, String instanceId, Options options) {
    Duration lease = options.rollupEvery().multipliedBy(30).plusMinutes(1);
    return new ReadingRollup(elastic, redis, clock, instanceId, lease, options.batch());
  }

  public ReadingRollup rollup() {
    return rollup;
  }

  @Override
  public Future<?> start() {
    buckets =
        Counter.builder("gridpulse.reading.rollup.buckets")
            .description("Placement-hours recomputed from the raw reading activity")
            .register(registry);
    Gauge.builder("gridpulse.reading.rollup.pending", pending, AtomicLong::get)
        .description("Placement-hours marked for recomputation")
        .register(registry);
    if (!options.rollupEvery().isZero()) {
      vertx.setPeriodic(options.rollupEvery().toMillis(), id -> tick());
    }
    rebuild();
    long hour = Duration.ofHours(1).toMillis();
    vertx.setPeriodic(
        hour, hour, id -> retain().onFailure(e -> LOG.warn("reading retention: {}", e.toString())));
    return Future.succeededFuture();
  }

  /**
   * Registers every placement Elasticsearch holds (heals one indexed but never registered); tried
   * again every 30 s until Elasticsearch answers.
   */
  private void rebuild() {
    placements
        .rebuild(elastic, context)
        .onSuccess(n -> LOG.debug("reading placements registered from Elasticsearch: {}", n))
        .onFailure(
            err -> {
              LOG.info(
                  "reading placements: registry not rebuilt yet ({}); retrying", err.toString());
              vertx.setTimer(30_000, id -> rebuild());
            });
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    drain(0)
        .onFailure(err -> LOG.warn("reading rollup: {}", err.toString()))
        .onComplete(v -> running = false);
  }

  /** Runs until no mark is left (or another instance holds the lease); total buckets done. */
  public Future<Integer> drain(int done) {
    return rollup
        .runOnce(context)
        .compose(
            run -> {
              int n = run.map(ReadingRollup.Run::buckets).orElse(0);
              buckets.increment(n);
              if (n == 0) {
                return rollup
                    .pending()
                    .map(
                        p -> {
                          pending.set(p);
                          return done;
                        });
              }
              return drain(done + n);
            });
  }

  /** Deletes the raw months past the retention (one instance at a time). */
  public Future<List<String>> retain() {
    return Lease.run(
            redis,
            RETENTION_LOCK,
            instanceId,
            Duration.ofMinutes(10),
            () ->
                Retention.apply(
                    elastic,
                    context,
                    MonthlyIndex.READING_ACTIVITY,
                    clock.instant(),
                    options.rawMonths()))
        .map(done -> done.orElse(List.of()))
        .onSuccess(
            deleted -> {
              if (!deleted.isEmpty()) {
                LOG.info("reading retention: deleted {}", deleted);
              }
            });
  }

  /** Runs {@link #drain} on this verticle's context (tests and benchmarks call it). */
  public Future<Integer> drainNow() {
    io.vertx.core.Promise<Integer> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> drain(0).onComplete(promise));
    return promise.future();
  }

  /** Runs {@link #retain} on this verticle's context. */
  public Future<List<String>> retainNow() {
    io.vertx.core.Promise<List<String>> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> retain().onComplete(promise));
    return promise.future();
  }
}
