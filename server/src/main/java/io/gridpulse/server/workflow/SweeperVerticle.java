package io.gridpulse.server.workflow;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.workflow.Loop;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link Sweeper} every interval (and on demand, {@link #sweepNow}). */
public final class SweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SweeperVerticle.class);

  private final Elastic elastic;
  private final Redis redis;
  private final Loop loop;
  private final Clock clock;
  private final String instanceId;
  private final Duration interval;
  private final MeterRegistry registry;
  private Sweeper sweeper;
  private boolean running;

  public SweeperVerticle(
      Elastic elastic,
      Redis redis,
      Loop loop,
      Clock clock,
      String instanceId,
      Duration interval,
      MeterRegistry registry) {
    this.elastic = elastic;
    this.redis = redis;
    this.loop = loop;
    this.clock = clock;
    this.instanceId = instanceId;
    this.interval = interval;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Workflow workflow = Workflow.create(elastic, context, redis, loop, clock, registry);
    // the lease outlives a slow sweep; a dead holder's lock expires by itself
    Duration lease = interval.isZero() ? Duration.ofMinutes(5) : interval.multipliedBy(5);
    sweeper = new Sweeper(workflow, elastic, context, redis, clock, instanceId, lease, registry);
    if (!interval.isZero()) {
      vertx.setPeriodic(interval.toMillis(), id -> tick());
    }
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    sweeper
        .sweepOnce()
        .onSuccess(
            done ->
                done.filter(s -> s.carded() > 0)
                    .ifPresent(
                        s -> LOG.info("sweeper: {} overdue, {} cards", s.examined(), s.carded())))
        .onFailure(err -> LOG.warn("sweeper: {}", err.toString()))
        .onComplete(v -> running = false);
  }

  /** One sweep now, on this verticle's context; empty when another instance holds the lock. */
  public Future<Optional<Sweeper.Sweep>> sweepNow() {
    Promise<Optional<Sweeper.Sweep>> promise = Promise.promise();
    context.runOnContext(v -> sweeper.sweepOnce().onComplete(promise));
    return promise.future();
  }
}
