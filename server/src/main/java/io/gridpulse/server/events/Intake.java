package io.gridpulse.server.events;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The one path of every intake route (the JSON API, Open311, the reading activity): each item is
 * validated and built by a {@link Validator} ({@link EventIntake} for grid events), the valid ones
 * are appended to the durable stream by one atomic {@link IntakeWriter} script (a repeated id is
 * answered as a duplicate), and the outcomes are counted.
 */
public final class Intake {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Intake.class);

  /** Requests of at most this many events (without history) are validated on the event loop. */
  static final int INLINE_ITEMS = 20;

  /** Checks one item of a request and builds its stream entry ({@code path} prefixes errors). */
  @FunctionalInterface
  public interface Validator {
    EventIntake.Result accept(Object item, String path, boolean mayImport);
  }

  private final Vertx vertx;
  private final Validator validator;
  private final IntakeWriter writer;
  private final IntakeWriter transitions;
  private final BacklogGuard backlog;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter rejected;

  public Intake(
      Vertx vertx,
      EventIntake validator,
      IntakeWriter writer,
      IntakeWriter transitions,
      BacklogGuard backlog,
      MeterRegistry registry) {
    this(
        vertx,
        validator::accept,
        writer,
        transitions,
        backlog,
        registry,
        "gridpulse.intake.events",
        "Events received by the intake API, by outcome");
  }

  /**
   * An intake of another domain's items, counted by the meter {@code meter}; {@code transitions}
   * takes the steps an item brings (none: the same writer will do).
   */
  public Intake(
      Vertx vertx,
      Validator validator,
      IntakeWriter writer,
      IntakeWriter transitions,
      BacklogGuard backlog,
      MeterRegistry registry,
      String meter,
      String description) {
    this.vertx = vertx;
    this.validator = validator;
    this.writer = writer;
    this.transitions = transitions;
    this.backlog = backlog;
    this.accepted = counter(registry, meter, description, "accepted");
    this.duplicates = counter(registry, meter, description, "duplicate");
    this.rejected = counter(registry, meter, description, "rejected");
  }

  private static Counter counter(
      MeterRegistry registry, String meter, String description, String outcome) {
    return Counter.builder(meter)
        .description(description)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** One event's outcome: accepted (perhaps as a duplicate of an earlier one), or its errors. */
  public record Outcome(EventIntake.Result result, boolean duplicate) {
    public boolean ok() {
      return result.ok();
    }

    public String id() {
      return result.entry().id();
    }
  }

  /**
   * Past the configured backlog or lag, the refusal to send instead of accepting anything (503 with
   * Retry-After): intake keeps the pipeline's pace, and Redis is not filled with what the pipeline
   * cannot index. Past the pace lag, a request beyond what the pipeline indexes is refused the same
   * way, to be retried a second later.
   */
  public Optional<IntakeKeys.Refusal> refusal() {
    if (backlog.full()) {
      return backlogged(
          backlog.why()
              + "; nothing was accepted. Retry after the pause: the pipeline is catching up.",
          10);
    }
    if (backlog.paced()) {
      return backlogged(backlog.paceWhy() + "; nothing was accepted. Retry after the pause.", 1);
    }
    return Optional.empty();
  }

  private static Optional<IntakeKeys.Refusal> backlogged(String detail, long retryAfterSeconds) {
    return Optional.of(
        new IntakeKeys.Refusal(
            503, "intake-backlogged", "Intake is backlogged", detail, retryAfterSeconds));
  }

  /**
   * Validates every item ({@code pathOf(i)} prefixes the field names of item {@code i}'s errors)
   * and appends the valid ones; the outcomes are in the order of the items. Fails, with nothing
   * accepted, only when Redis does not take the valid ones.
   */
  public Future<List<Outcome>> submit(List<Object> items, IntFunction<String> pathOf) {
    return submit(items, pathOf, false);
  }

  /**
   * As above; when {@code mayImport}, events may bring their {@code history}, whose steps are
   * queued for the transitions index once the event itself is accepted (not for a duplicate).
   */
  public Future<List<Outcome>> submit(
      List<Object> items, IntFunction<String> pathOf, boolean mayImport) {
    return submit(items, pathOf, mayImport, validator);
  }

  /** As above, each item checked by {@code validator} (one that knows this request's lookups). */
  public Future<List<Outcome>> submit(
      List<Object> items, IntFunction<String> pathOf, boolean mayImport, Validator validator) {
    // validating a batch (and replaying imported histories) is CPU work of milliseconds: off the
    // event loop, on a worker thread, unless the request is small
    Future<List<EventIntake.Result>> validated =
        items.size() <= INLINE_ITEMS && !mayImport
            ? Future.succeededFuture(validate(validator, items, pathOf, mayImport))
            : vertx.executeBlocking(() -> validate(validator, items, pathOf, mayImport), false);
    return validated.compose(this::append);
  }

  private static List<EventIntake.Result> validate(
      Validator validator, List<Object> items, IntFunction<String> pathOf, boolean mayImport) {
    List<EventIntake.Result> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      results.add(validator.accept(items.get(i), pathOf.apply(i), mayImport));
    }
    return results;
  }

  private Future<List<Outcome>> append(List<EventIntake.Result> results) {
    List<StreamEntry> valid = new ArrayList<>();
    for (EventIntake.Result result : results) {
      if (result.ok()) {
        valid.add(result.entry());
      }
    }
    rejected.increment(results.size() - valid.size());
    return writer
        .append(valid)
        .onFailure(
            err ->
                LOG.warn("intake: Redis did not take {} events: {}", valid.size(), err.toString()))
        .compose(
            appended -> {
              backlog.took((int) appended.stream().filter(Boolean::booleanValue).count());
              return steps(results, appended).map(v -> outcomes(results, appended));
            });
  }

  /** Queues the steps of the imported events that were new (a duplicate's are there already). */
  private Future<Void> steps(List<EventIntake.Result> results, List<Boolean> appended) {
    List<StreamEntry> steps = new ArrayList<>();
    int next = 0;
    for (EventIntake.Result result : results) {
      if (result.ok() && appended.get(next++)) {
        steps.addAll(result.transitions());
      }
    }
    if (steps.isEmpty()) {
      return Future.succeededFuture();
    }
    // the events are accepted whatever happens here: their documents carry their timelines
    return transitions
        .append(steps)
        .<Void>mapEmpty()
        .recover(
            err -> {
              LOG.error(
                  "intake: {} imported steps not queued for the transitions index: {}",
                  steps.size(),
                  err.toString());
              return Future.succeededFuture();
            });
  }

  private List<Outcome> outcomes(List<EventIntake.Result> results, List<Boolean> appended) {
    List<Outcome> out = new ArrayList<>(results.size());
    int next = 0;
    for (EventIntake.Result result : results) {
      boolean duplicate = false;
      if (result.ok()) {
        duplicate = !appended.get(next++);
        (duplicate ? duplicates : accepted).increment();
      }
      out.add(new Outcome(result, duplicate));
    }
    return out;
  }
}
