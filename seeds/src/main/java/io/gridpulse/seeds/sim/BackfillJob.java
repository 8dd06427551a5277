package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A running backfill: the window's events in time order, {@code batchSize} a request, {@code
 * inFlight} requests at once, with a progress line (bar, percentage, rate, ETA) every 2 seconds.
 * Runs on one Vert.x context.
 */
public final class BackfillJob extends DispatchJob<BackfillReport> {

  static final long PROGRESS_MS = 2_000;
  private static final int BAR = 24;

  private final BackfillOptions options;
  private final Consumer<String> log;
  private final Instant from;
  private final Instant to;
  private final long planned;
  private final EventFeed feed;
  private final Dispatch dispatch;
  private final long startNanos = System.nanoTime();
  private long progressTimer = -1;
  private final LoopPlan loops;

  BackfillJob(
      Vertx vertx,
      EventGenerator generator,
      BackfillOptions options,
      Instant from,
      Instant to,
      long planned,
      Consumer<String> log) {
    super(vertx, options.endpoint(), options.inFlight());
    this.options = options;
    this.log = log;
    this.from = from;
    this.to = to;
    this.planned = planned;
    this.feed = new EventFeed(generator, from, to);
    this.loops =
        options.domains().contains(Domains.LOOP)
            ? new LoopPlan(generator.district(), generator.config().seed())
            : null;
    this.dispatch =
        new Dispatch(
            client,
            new Dispatch.Source() {
              @Override
              public List<SimEvent> next(int max) {
                List<SimEvent> events = feed.take(max, to);
                return loops == null ? events : withPast(events);
              }

              @Override
              public boolean finished() {
                return feed.exhausted();
              }
            },
            options.batchSize(),
            options.inFlight());
  }

  void begin() {
    log.accept(
        "backfill: "
            + Formats.count(planned)
            + " events of "
            + Formats.time(from)
            + " → "
            + Formats.time(to)
            + " (district time; "
            + options.days()
            + " days and today so far) → "
            + client.uri()
            + ", "
            + options.batchSize()
            + " a request, "
            + options.inFlight()
            + " in flight; ids "
            + options.model().idPrefix()
            + "-…");
    RetryWatch retries = new RetryWatch();
    progressTimer =
        vertx.setPeriodic(
            PROGRESS_MS, id -> log.accept(progressLine() + retries.note(dispatch.counts())));
    dispatch.done().onComplete(ar -> finish(ar.cause()));
    dispatch.pump();
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** {@code backfill: 37.6% [#########...] 70,512 / 187,530 events | 4,120 events/s | ETA …}. */
  String progressLine() {
    IntakeCounts c = dispatch.counts();
    double fraction = planned == 0 ? 1 : Math.min(1, c.events() / (double) planned);
    int filled = (int) Math.round(fraction * BAR);
    double seconds = Math.max(0.001, elapsed().toMillis() / 1000.0);
    double rate = c.events() / seconds;
    String eta =
        rate > 0
            ? Formats.duration(Duration.ofSeconds(Math.round((planned - c.events()) / rate)))
            : "?";
    return String.format(
        Locale.ROOT,
        "backfill: %5.1f%% [%s%s] %s / %s events | %s events/s | ETA %s | %s",
        fraction * 100,
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        Formats.count(c.events()),
        Formats.count(planned),
        Formats.count(Math.round(rate)),
        eta,
        Formats.answers(c));
  }

  @Override
  Future<Void> stopOwn() {
    vertx.cancelTimer(progressTimer);
    return Future.succeededFuture();
  }

  @Override
  BackfillReport report() {
    return new BackfillReport(
        !stopped && feed.exhausted(), dispatch.counts(), planned, from, to, elapsed());
  }

  /** The events of the window. */
  public long planned() {
    return planned;
  }

  @Override
  Dispatch dispatch() {
    return dispatch;
  }

  /** Each event with the steps of its loop taken by now (the later ones are still to come). */
  private List<SimEvent> withPast(List<SimEvent> events) {
    Instant now = options.clock().instant();
    List<SimEvent> out = new java.util.ArrayList<>(events.size());
    for (SimEvent event : events) {
      out.add(
          event.withHistory(loops.plan(event).stream().filter(s -> !s.at().isAfter(now)).toList()));
    }
    return out;
  }
}
