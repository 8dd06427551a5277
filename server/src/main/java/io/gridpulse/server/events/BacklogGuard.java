package io.gridpulse.server.events;

import io.gridpulse.pipelines.stream.IntakeWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps intake at the pipeline's pace. The stream's backlog (entries not yet indexed), the age of
 * its oldest waiting entry and what the pipeline has done are read once a second (one {@code XINFO
 * STREAM}). Past the pace lag intake takes only what the pipeline indexes ({@link IntakePace});
 * past the hard limits, the lag limit or the backlog limit, it takes nothing until the pipeline
 * catches up. Refusals are 503 with Retry-After. Accepting faster than the pipeline indexes only
 * queues events that reach the screens late, and on shared cores it takes the CPU the pipeline
 * needs; the backlog bounds what Redis holds. Also the gauges {@code gridpulse.pipeline.backlog},
 * {@code gridpulse.pipeline.lag} and {@code gridpulse.intake.pace}.
 */
public final class BacklogGuard {
  private static final Logger LOG = LoggerFactory.getLogger(BacklogGuard.class);
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong mine = new AtomicLong();
  private final IntakePace pace;
  private final long max;
  private final long maxLagMillis;
  private final long timer;
  private final Vertx vertx;

  /**
   * {@code max}: the most entries waiting; {@code maxLag}: the oldest waiting entry's greatest age
   * (zero: no limit); {@code paceLag}: the age from which intake follows the pipeline's pace (zero:
   * never).
   */
  public BacklogGuard(
      Vertx vertx,
      IntakeWriter writer,
      String domain,
      long max,
      Duration maxLag,
      Duration paceLag,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.max = max;
    this.maxLagMillis = maxLag.toMillis();
    this.pace = new IntakePace(paceLag.toMillis());
    Gauge.builder("gridpulse.pipeline.backlog", backlog, AtomicLong::get)
        .description("Entries waiting in the domain's stream, not yet indexed")
        .tag("domain", domain)
        .register(registry);
    Gauge.builder("gridpulse.pipeline.lag", lagMillis, m -> m.get() / 1000.0)
        .description("Age of the oldest entry waiting in the domain's stream, in seconds (0: none)")
        .baseUnit("seconds")
        .tag("domain", domain)
        .register(registry);
    Gauge.builder("gridpulse.intake.pace", pace, IntakePace::allowance)
        .description(
            "Events a second intake takes while it follows the pipeline's pace (+Inf: all)")
        .tag("domain", domain)
        .register(registry);
    this.timer =
        vertx.setPeriodic(
            0,
            1000,
            id -> {
              if (reading) {
                return; // the last reading is still out: readings stay in order
              }
              reading = true;
              writer
                  .state()
                  .onComplete(done -> reading = false)
                  .onSuccess(
                      stream -> {
                        long lag =
                            stream.oldestMillis() == 0
                                ? 0
                                : Math.max(0, System.currentTimeMillis() - stream.oldestMillis());
                        backlog.set(stream.length());
                        lagMillis.set(lag);
                        pace.observe(
                            System.nanoTime(),
                            stream.done(),
                            stream.added(),
                            mine.get(),
                            lag,
                            stream.length());
                        failing = false;
                      })
                  .onFailure(
                      err -> {
                        if (!failing) { // once per spell of failures
                          failing = true;
                          LOG.warn(
                              "{} intake: the stream's backlog and lag cannot be read, so its"
                                  + " limits and pace hold their last values: {}",
                              domain,
                              err.toString());
                        }
                      });
            });
  }

  private boolean reading;
  private boolean failing;

  /** Whether intake must refuse for now: a hard limit is reached. */
  public boolean full() {
    return backlog.get() >= max || lagging();
  }

  /** Whether intake must refuse this request to keep the pipeline's pace. */
  public boolean paced() {
    return !pace.admits(System.nanoTime());
  }

  /** This instance appended {@code events} new entries to the stream. */
  public void took(int events) {
    mine.addAndGet(events);
    pace.took(System.nanoTime(), events);
  }

  /** Why intake paces, for the problem's detail. */
  public String paceWhy() {
    return String.format(
        Locale.ROOT,
        "the oldest of the %d events waiting to be indexed has waited %.0f s and the pipeline"
            + " indexes %.0f events/s: intake takes %s events/s for now",
        backlog.get(),
        lagMillis.get() / 1000.0,
        pace.indexRate(),
        Double.isInfinite(pace.allowance())
            ? "all"
            : String.format(Locale.ROOT, "%.0f", pace.allowance()));
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
