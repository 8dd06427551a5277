package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A running simulation: a simulated clock that advances {@code speed} times as fast as the wall
 * clock, and the events due by it posted as they fall due. All of it runs on one Vert.x context.
 *
 * <p>At speed 1 the simulated clock is the wall clock, events carry their own time and their
 * canonical ids: the same as the backfill's for the same hour. A start in the past is caught up at
 * once (the events since then are sent as history), then the simulation goes on in real time:
 * started from where a backfill ended, it leaves no gap and sends nothing twice. At any other speed
 * the simulated clock runs ahead of the wall clock, while the server refuses events stamped more
 * than 5 minutes in its future: each event is stamped with the moment it falls due (its simulated
 * time mapped back to the wall clock), and its id carries the speed ({@code sim-1x60-…}) so
 * accelerated runs never collide with real-time history.
 */
public final class Simulation extends DispatchJob<SimulationReport> {

  static final long TICK_MS = 200;
  static final long PROGRESS_MS = 5_000;

  /** After --duration, as long again (5 to 30 s) to send what is still due, then stop anyway. */
  static final Duration MIN_DRAIN = Duration.ofSeconds(5);

  static final Duration MAX_DRAIN = Duration.ofSeconds(30);

  private final SimulatorOptions options;
  private final Consumer<String> log;
  private final EventFeed feed;
  private final Dispatch dispatch;
  private final Instant realStart;
  private final Instant simStart;
  private final Instant simEnd;
  private final boolean live;
  private final String idPrefix;
  private long tickTimer = -1;
  private long progressTimer = -1;
  private long drainTimer = -1;
  private boolean gaveUp;
  private volatile Instant position;
  private Instant lastProgressAt;
  private long lastProgressEvents;
  private final RetryWatch retries = new RetryWatch();
  private final LoopDriver loops;
  private final ReadingDriver reading;
  private final ProjectsDriver projects;
  private final MediationDriver mediation;

  Simulation(
      Vertx vertx,
      EventGenerator generator,
      SimulatorOptions options,
      Instant realStart,
      Consumer<String> log) {
    super(vertx, options.endpoint(), options.inFlight());
    this.options = options;
    this.log = log;
    this.realStart = realStart;
    this.simStart = options.start() == null ? realStart : options.start();
    this.live = isLive(options, realStart);
    this.simEnd =
        options.duration() == null
            ? null
            : live
                ? realStart.plus(options.duration())
                : simStart.plusMillis((long) (options.duration().toMillis() * options.speed()));
    this.idPrefix = generator.config().idPrefix();
    this.position = simStart;
    this.feed = new EventFeed(generator, simStart, simEnd);
    this.dispatch = new Dispatch(client, new Due(), options.batchSize(), options.inFlight());
    this.loops =
        options.domains().contains(Domains.LOOP) && options.endpoint().password() != null
            ? new LoopDriver(
                vertx,
                options.endpoint().url(),
                options.endpoint().password(),
                options.clock(),
                new LoopPlan(generator.district(), generator.config().seed()))
            : null;
    this.projects =
        options.domains().contains(Domains.PROJECTS) && options.endpoint().password() != null
            ? new ProjectsDriver(
                vertx,
                options.endpoint().url(),
                options.endpoint().password(),
                options.clock(),
                options.speed(),
                generator.config().seed(),
                generator.district().projects())
            : null;
    this.mediation =
        options.domains().contains(Domains.MEDIATION) && options.endpoint().password() != null
            ? new MediationDriver(
                vertx,
                options.endpoint().url(),
                options.endpoint().password(),
                options.clock(),
                new MediationPlan(generator.district(), generator.config().seed()))
            : null;
    this.reading =
        options.domains().contains(Domains.READING)
            ? new ReadingDriver(
                vertx,
                options.endpoint(),
                ReadingDriver.VOLUNTEERS,
                new ReadingModel(generator.district(), generator.config().seed()),
                simStart,
                this::simulatedNow,
                live ? t -> t : this::dueAt)
            : null;
  }

  /** Whether events keep their simulated time and canonical ids (speed 1, not ahead of now). */
  static boolean isLive(SimulatorOptions options, Instant realStart) {
    return options.speed() == 1 && (options.start() == null || !options.start().isAfter(realStart));
  }

  /** The events due by the simulated clock, stamped for the server. */
  private final class Due implements Dispatch.Source {
    @Override
    public List<SimEvent> next(int max) {
      List<SimEvent> batch = feed.take(max, simulatedNow());
      position = feed.position();
      if (!options.domains().contains(Domains.EVENTS)) {
        return List.of(); // another domain alone: the clock moves on, no event is sent
      }
      if (loops != null) {
        // each event's loop follows it, on the same clock as its report
        batch.forEach(e -> loops.schedule(e, live ? t -> t : Simulation.this::dueAt));
      }
      if (mediation != null) {
        // disputes become cases; walk-in, hotline and court cases arrive hour by hour
        UnaryOperator<Instant> toWall = live ? t -> t : Simulation.this::dueAt;
        batch.forEach(e -> mediation.schedule(e, toWall));
        mediation.advanceTo(position, toWall);
      }
      return live
          ? batch
          : batch.stream().map(e -> e.withReportedAt(dueAt(e.reportedAt()))).toList();
    }

    @Override
    public boolean finished() {
      return feed.exhausted();
    }
  }

  void begin() {
    lastProgressAt = options.clock().instant();
    log.accept(
        "simulate: "
            + Formats.decimal(options.model().ratePerDay())
            + " events/day, seed "
            + options.model().seed()
            + ", "
            + (options.speed() == 1
                ? "real time"
                : Formats.decimal(options.speed()) + "× real time")
            + " → "
            + client.uri()
            + (live && simStart.isBefore(realStart)
                ? "; catching up from " + Formats.time(simStart) + ", then"
                : "; simulated clock from " + Formats.time(simStart))
            + (simEnd == null
                ? " until stopped"
                : " to " + Formats.time(simEnd) + " (" + Formats.duration(options.duration()) + ")")
            + "; ids "
            + idPrefix
            + "-…");
    tickTimer = vertx.setPeriodic(TICK_MS, id -> dispatch.pump());
    if (loops != null) {
      loops.start();
    }
    if (projects != null) {
      projects.start();
    }
    if (mediation != null) {
      mediation.start();
    }
    if (reading != null) {
      reading.start();
    }
    progressTimer = vertx.setPeriodic(PROGRESS_MS, id -> progress());
    dispatch.done().onComplete(ar -> finish(ar.cause()));
    if (options.duration() != null) {
      drainTimer = vertx.setTimer(options.duration().plus(drain()).toMillis(), id -> overtime());
    }
    dispatch.pump();
  }

  private Duration drain() {
    Duration d = options.duration();
    return d.compareTo(MIN_DRAIN) < 0 ? MIN_DRAIN : d.compareTo(MAX_DRAIN) > 0 ? MAX_DRAIN : d;
  }

  /** The duration and the drain time are over with events still unsent: the server is too slow. */
  private void overtime() {
    IntakeCounts c = dispatch.counts();
    log.accept(
        "simulate: --duration is over and events of the window are still unsent after "
            + Formats.duration(drain())
            + (c.lastProblem() == null ? "" : " (" + c.lastProblem() + ")")
            + "; stopping");
    gaveUp = true;
    stop();
  }

  /**
   * The simulated clock: the wall clock when live (a past start is caught up at once), else the
   * start plus {@code speed} times the real time elapsed.
   */
  private Instant simulatedNow() {
    Instant wall = options.clock().instant();
    Instant now =
        live
            ? wall
            : simStart.plusMillis(
                (long) (Duration.between(realStart, wall).toMillis() * options.speed()));
    return simEnd != null && now.isAfter(simEnd) ? simEnd : now;
  }

  /** The wall-clock moment at which the event simulated at {@code simulated} falls due. */
  private Instant dueAt(Instant simulated) {
    long simMillis = Duration.between(simStart, simulated).toMillis();
    return realStart.plusMillis((long) (simMillis / options.speed()));
  }

  private void progress() {
    Instant now = options.clock().instant();
    IntakeCounts c = dispatch.counts();
    double minutes = Math.max(1e-3, Duration.between(lastProgressAt, now).toMillis() / 60_000.0);
    long perMinute = Math.round((c.events() - lastProgressEvents) / minutes);
    StringBuilder line =
        new StringBuilder("simulate: ")
            .append(Formats.time(position))
            .append(live ? "" : " (simulated)")
            .append(" | sent ")
            .append(Formats.count(c.events()))
            .append(" (")
            .append(Formats.count(perMinute))
            .append("/min) | ")
            .append(Formats.answers(c));
    Duration behind = Duration.between(position, simulatedNow());
    if (behind.compareTo(Duration.ofMillis((long) Math.max(60_000, 5_000 * options.speed()))) > 0) {
      line.append(" | behind by ").append(Formats.duration(behind)).append(" (simulated)");
    }
    line.append(retries.note(c));
    if (loops != null) {
      line.append(" | loop steps taken ")
          .append(Formats.count(loops.taken()))
          .append(", waiting ")
          .append(Formats.count(loops.waiting()));
    }
    if (projects != null) {
      line.append(" | project reports ")
          .append(Formats.count(projects.reports()))
          .append(", problems ")
          .append(Formats.count(projects.problemsRaised()))
          .append(" raised, ")
          .append(Formats.count(projects.problemsResolved()))
          .append(" resolved");
    }
    if (mediation != null) {
      line.append(" | mediation cases ")
          .append(Formats.count(mediation.registered()))
          .append(", steps ")
          .append(Formats.count(mediation.taken()))
          .append(", waiting ")
          .append(Formats.count(mediation.waiting()));
    }
    if (reading != null) {
      line.append(" | reading rows ")
          .append(Formats.count(reading.accepted()))
          .append(" accepted, ")
          .append(Formats.count(reading.rejected()))
          .append(" rejected, new QR codes ")
          .append(Formats.count(reading.placed()));
    }
    lastProgressAt = now;
    lastProgressEvents = c.events();
    log.accept(line.toString());
  }

  @Override
  Future<Void> stopOwn() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(drainTimer);
    List<Future<Void>> drivers = new ArrayList<>();
    if (loops != null) {
      drivers.add(loops.stop());
    }
    if (projects != null) {
      drivers.add(projects.stop());
    }
    if (mediation != null) {
      drivers.add(mediation.stop());
    }
    if (reading != null) {
      drivers.add(reading.stop());
    }
    return Future.join(drivers).mapEmpty();
  }

  /** Reading rows the server accepted so far (domain reading), for tests and the report. */
  public long readingRowsAccepted() {
    return reading == null ? 0 : reading.accepted();
  }

  /** Reading rows the server answered as duplicates (batches sent again after a lost answer). */
  public long readingRowsDuplicate() {
    return reading == null ? 0 : reading.duplicates();
  }

  /** New QR codes placed so far (domain reading). */
  public long readingPlacements() {
    return reading == null ? 0 : reading.placed();
  }

  /**
   * Mediation cases registered or converted so far (domain mediation), for tests and the report.
   */
  public long mediationCases() {
    return mediation == null ? 0 : mediation.registered();
  }

  /** Mediation steps taken so far, registrations included (domain mediation). */
  public long mediationStepsTaken() {
    return mediation == null ? 0 : mediation.taken();
  }

  /** Mediation steps given up (refused: someone acted first, or a step not allowed). */
  public long mediationStepsDropped() {
    return mediation == null ? 0 : mediation.dropped();
  }

  /** Loop steps taken so far (domain loop), for tests and the report. */
  public long loopStepsTaken() {
    return loops == null ? 0 : loops.taken();
  }

  /** What the key projects' driver has done (domain projects); zeros without it. */
  public ProjectSteps projectSteps() {
    return projects == null ? new ProjectSteps(0, 0, 0, 0, 0) : projects.steps();
  }

  @Override
  SimulationReport report() {
    return new SimulationReport(
        gaveUp
            ? SimulationReport.Outcome.GAVE_UP
            : !stopped && feed.exhausted()
                ? SimulationReport.Outcome.COMPLETED
                : SimulationReport.Outcome.STOPPED,
        dispatch.counts(),
        simStart,
        position,
        Duration.between(realStart, options.clock().instant()));
  }

  /** Every simulated event before this instant has been sent (or is on its way). */
  public Instant simulatedTime() {
    return position;
  }

  @Override
  Dispatch dispatch() {
    return dispatch;
  }
}
