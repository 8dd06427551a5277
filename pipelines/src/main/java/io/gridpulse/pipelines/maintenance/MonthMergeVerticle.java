package io.gridpulse.pipelines.maintenance;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a {@link MonthMerger} step every {@code every} (the first one {@code every} after start).
 */
public final class MonthMergeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MonthMergeVerticle.class);

  private final MonthMerger merger;
  private final Clock clock;
  private final Duration every;
  private boolean running;

  public MonthMergeVerticle(MonthMerger merger, Clock clock, Duration every) {
    this.merger = merger;
    this.clock = clock;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    if (!every.isZero()) {
      vertx.setPeriodic(every.toMillis(), id -> tick());
    }
    return Future.succeededFuture();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    merger
        .step(context, clock.instant())
        .onSuccess(
            step ->
                step.ifPresent(
                    s -> {
                      s.started().ifPresent(i -> LOG.info("merging {} to one segment", i));
                      if (!s.merged().isEmpty()) {
                        LOG.info("merged to one segment: {}", s.merged());
                      }
                    }))
        .onFailure(err -> LOG.warn("month merge: {}", err.toString()))
        .onComplete(v -> running = false);
  }
}
