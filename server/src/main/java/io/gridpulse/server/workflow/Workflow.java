package io.gridpulse.server.workflow;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.events.EventDocuments;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.workflow.Action;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.pipelines.workflow.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the steps of the closed loop on the system of record: reads the event in real time, asks
 * the {@link Loop} whether and how, writes the new document only if nobody wrote in between
 * (Elasticsearch's {@code if_seq_no}/{@code if_primary_term}: of two officers acting at once
 * exactly one wins), then sends the step down the transitions stream to its append-only index and
 * tells whoever must know ({@link Notices}).
 */
public final class Workflow {
  private static final Logger LOG = LoggerFactory.getLogger(Workflow.class);

  private final EventDocuments docs;
  private final Loop loop;
  private final IntakeWriter transitions;
  private final Notices notices;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Counter lostCopies;

  public Workflow(
      EventDocuments docs,
      Loop loop,
      IntakeWriter transitions,
      Notices notices,
      Clock clock,
      MeterRegistry registry) {
    this.docs = docs;
    this.loop = loop;
    this.transitions = transitions;
    this.notices = notices;
    this.clock = clock;
    this.registry = registry;
    this.lostCopies =
        Counter.builder("gridpulse.workflow.transition.copy.failures")
            .description(
                "Steps taken whose copy could not be queued for the transitions index (the event's"
                    + " own timeline has them)")
            .register(registry);
  }

  /** The workflow of one verticle's context. */
  public static Workflow create(
      Elastic elastic,
      Context context,
      Redis redis,
      Loop loop,
      Clock clock,
      MeterRegistry registry) {
    return new Workflow(
        new EventDocuments(elastic, context),
        loop,
        new IntakeWriter(redis, StreamSpec.TRANSITIONS),
        new Notices(redis),
        clock,
        registry);
  }

  /** What a request for a step comes to. */
  public sealed interface Answer {
    /** No such event, or not one the caller may read. */
    record NotFound() implements Answer {}

    /** Taken: the event after the step, and what the caller may do next. */
    record Done(JsonObject event, List<String> allowed) implements Answer {}

    /** Not taken, and why. */
    record Refused(Outcome.Refused why) implements Answer {}
  }

  /**
   * Takes {@code input} on event {@code id} for {@code actor}; {@code visible} says whether the
   * actor may read the event at all (when not, it answers as if there were none).
   */
  public Future<Answer> act(
      String id, Actor actor, Predicate<JsonObject> visible, JsonObject input) {
    return docs.load(id)
        .compose(
            current -> {
              if (current == null || !visible.test(current.source())) {
                return Future.succeededFuture(new Answer.NotFound());
              }
              Instant now = clock.instant();
              Outcome outcome = loop.apply(current.source(), actor, input, now);
              if (outcome instanceof Outcome.Refused refused) {
                count(input.getString("action"), "refused-" + refused.status());
                return Future.succeededFuture(new Answer.Refused(refused));
              }
              Outcome.Applied applied = (Outcome.Applied) outcome;
              return docs.replace(current, applied.event())
                  .compose(
                      written ->
                          written
                              ? after(applied, actor, now)
                              : conflict(id, actor, visible, input));
            });
  }

  private Future<Answer> after(Outcome.Applied applied, Actor actor, Instant now) {
    JsonObject transition = applied.transition();
    count(transition.getString("action"), "taken");
    StreamEntry copy =
        new StreamEntry(
            transition.getString("id"),
            MonthlyIndex.TRANSITIONS.indexFor(now),
            transition.encode());
    Future<?> queued =
        transitions
            .append(List.of(copy))
            .onFailure(
                err -> {
                  lostCopies.increment();
                  LOG.error(
                      "step {} taken but not queued for the transitions index: {}",
                      transition.getString("id"),
                      err.toString());
                });
    Future<?> told =
        notices
            .tell(applied.event(), transition)
            .onFailure(
                err -> LOG.warn("notice of {}: {}", transition.getString("id"), err.toString()));
    // the step is taken once Elasticsearch has the document: the copy and the notice are best
    // effort after it, so their failure does not turn a taken step into an error
    return Future.join(queued, told)
        .otherwiseEmpty()
        .map(v -> new Answer.Done(applied.event(), loop.allowed(applied.event(), actor, now)));
  }

  /**
   * Another writer won: the step is judged again on what is there now (409 unless it is the same).
   */
  private Future<Answer> conflict(
      String id, Actor actor, Predicate<JsonObject> visible, JsonObject input) {
    count(input.getString("action"), "conflict");
    return docs.load(id)
        .map(
            now -> {
              List<String> allowed =
                  now == null ? List.of() : loop.allowed(now.source(), actor, clock.instant());
              return new Answer.Refused(
                  new Outcome.Refused(
                      409,
                      "conflict",
                      "The event has changed",
                      "Someone else acted on this event at the same moment and their step was"
                          + " taken first. Reload it and decide again.",
                      allowed,
                      List.of()));
            });
  }

  private void count(String action, String outcome) {
    registry
        .counter(
            "gridpulse.workflow.steps",
            "action",
            action == null ? "none" : Action.of(action).map(Action::code).orElse("other"),
            "outcome",
            outcome)
        .increment();
  }

  public Loop loop() {
    return loop;
  }
}
