package io.gridpulse.server.events;

import io.gridpulse.pipelines.stream.IntakeWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps intake at the pipeline's pace: the stream's backlog (entries not yet indexed) and the age
 * of its oldest waiting entry are read once a second, and past either limit intake answers 503 with
 * Retry-After until the pipeline catches up. The age is what makes intake follow the pipeline:
 * accepting faster than the pipeline indexes only queues events that reach the screens late, and on
 * shared cores it takes the CPU the pipeline needs; the backlog bounds what Redis holds. Also the
 * gauges {@code gridpulse.pipeline.backlog} and {@code gridpulse.pipeline.lag}.
 */
public final class BacklogGuard {
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final long max;
  private final long maxLagMillis;
  private final long timer;
  private final Vertx vertx;

  /**
   * {@code max}: the most entries waiting; {@code maxLag}: the oldest waiting entry's greatest age
   * (zero: no limit).
   */
  public BacklogGuard(
      Vertx vertx,
      IntakeWriter writer,
      String domain,
      long max,
      Duration maxLag,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.max = max;
    this.maxLagMillis = maxLag.toMillis();
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
    return backlog.get() >= max || lagging();
  }

  private boolean lagging() {
    return maxLagMillis > 0 && lagMillis.get() >= maxLagMillis;
  }

  /** Why intake refuses, for the problem's detail. */
  public String why() {
    if (lagging()) {
      return String.format(
          "the oldest of the %d events waiting to be indexed has waited %.0f s (limit %d s)",
          backlog.get(), lagMillis.get() / 1000.0, maxLagMillis / 1000);
    }
    return backlog.get() + " events wait to be indexed (limit " + max + ")";
  }

  public long backlog() {
    return backlog.get();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
