package io.gridpulse.server.events;

import io.gridpulse.pipelines.stream.IntakeWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps intake from accepting what Redis may have no room for: the stream's backlog (entries not
 * yet indexed) is read once a second, and past the configured maximum intake answers 503 with
 * Retry-After until the pipeline catches up. Also the gauges {@code gridpulse.pipeline.backlog} and
 * {@code gridpulse.pipeline.lag} (the age of the oldest waiting entry, from its stream id).
 */
public final class BacklogGuard {
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final long max;
  private final long timer;
  private final Vertx vertx;

  public BacklogGuard(
      Vertx vertx, IntakeWriter writer, String domain, long max, MeterRegistry registry) {
    this.vertx = vertx;
    this.max = max;
    Gauge.builder("gridpulse.pipeline.backlog", backlog, AtomicLong::get)
        .description("Entries waiting in the domain's stream, not yet indexed")
        .tag("domain", domain)
        .register(registry);
    Gauge.builder("gridpulse.pipeline.lag", lagMillis, m -> m.get() / 1000.0)
        .description("Age of the oldest entry waiting in the domain's stream, in seconds (0: none)")
        .baseUnit("seconds")
        .tag("domain", domain)
        .register(registry);
    this.timer =
        vertx.setPeriodic(
            0,
            1000,
            id -> {
              writer.backlog().onSuccess(backlog::set).onFailure(err -> {});
              writer
                  .oldestEntryMillis()
                  .onSuccess(
                      oldest ->
                          lagMillis.set(
                              oldest == null
                                  ? 0
                                  : Math.max(0, System.currentTimeMillis() - oldest)))
                  .onFailure(err -> {});
            });
  }

  /** Whether intake must refuse for now. */
  public boolean full() {
    return backlog.get() >= max;
  }

  public long backlog() {
    return backlog.get();
  }

  public long max() {
    return max;
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
