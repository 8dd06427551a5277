package io.gridpulse.server.workflow;

import io.gridpulse.pipelines.es.Documents;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.pipelines.workflow.Machine;
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
 * Takes the steps of a lifecycle on the system of record — the closed loop of grid events, or any
 * domain's {@link Machine} over its own documents: reads the document in real time, asks the
 * machine whether and how, writes the new document only if nobody wrote in between (Elasticsearch's
 * {@code if_seq_no}/{@code if_primary_term}: of two officers acting at once exactly one wins), then
 * sends the step down the transitions stream to its append-only index and tells whoever must know
 * (for events, {@link Notices}).
 */
public final class Workflow {
  private static final Logger LOG = LoggerFactory.getLogger(Workflow.class);

  private final String domain;
  private final Documents docs;
  private final Machine machine;
  private final IntakeWriter transitions;
  private final Tell tell;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Counter lostCopies;

  /** Who must know of a step once it is taken (best effort: its failure is only logged). */
  @FunctionalInterface
  public interface Tell {
    Future<?> tell(JsonObject document, JsonObject transition);

    Tell NOBODY = (document, transition) -> Future.succeededFuture();
  }

  /**
   * @param domain names the documents in metrics and messages ({@code events}, {@code mediation})
   */
  public Workflow(
      String domain,
      Documents docs,
      Machine machine,
      IntakeWriter transitions,
      Tell tell,
      Clock clock,
      MeterRegistry registry) {
    this.domain = domain;
    this.docs = docs;
    this.machine = machine;
    this.transitions = transitions;
    this.tell = tell;
    this.clock = clock;
    this.registry = registry;
    this.lostCopies =
        Counter.builder("gridpulse.workflow.transition.copy.failures")
            .description(
                "Steps taken whose copy could not be queued for the transitions index (the"
                    + " document's own timeline has them)")
            .register(registry);
  }

  /** The closed loop of grid events, on one verticle's context. */
  public static Workflow create(
      Elastic elastic,
      Context context,
      Redis redis,
      Loop loop,
      Clock clock,
      MeterRegistry registry) {
    return new Workflow(
        StreamSpec.EVENTS.domain(),
        new Documents(elastic, context, MonthlyIndex.EVENTS),
        loop,
        new IntakeWriter(redis, StreamSpec.TRANSITIONS),
        new Notices(redis)::tell,
        clock,
        registry);
  }

  /** What a request for a step comes to. */
  public sealed interface Answer {
    /** No such document, or not one the caller may read. */
    record NotFound() implements Answer {}

    /** Taken: the document after the step, and what the caller may do next. */
    record Done(JsonObject event, List<String> allowed) implements Answer {}

    /** Not taken, and why. */
    record Refused(Outcome.Refused why) implements Answer {}
  }

  /**
   * Takes {@code input} on document {@code id} for {@code actor}; {@code visible} says whether the
   * actor may read it at all (when not, it answers as if there were none).
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
              Outcome outcome = machine.apply(current.source(), actor, input, now);
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
        tell.tell(applied.event(), transition)
            .onFailure(
                err -> LOG.warn("notice of {}: {}", transition.getString("id"), err.toString()));
    // the step is taken once Elasticsearch has the document: the copy and the notice are best
    // effort after it, so their failure does not turn a taken step into an error
    return Future.join(queued, told)
        .otherwiseEmpty()
        .map(v -> new Answer.Done(applied.event(), machine.allowed(applied.event(), actor, now)));
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
                  now == null ? List.of() : machine.allowed(now.source(), actor, clock.instant());
              return new Answer.Refused(
                  new Outcome.Refused(
                      409,
                      "conflict",
                      "The " + noun() + " has changed",
                      "Someone else acted on this "
                          + noun()
                          + " at the same moment and their step was"
                          + " taken first. Reload it and decide again.",
                      allowed,
                      List.of()));
            });
  }

  private void count(String action, String outcome) {
    registry
        .counter(
            "gridpulse.workflow.steps",
            "domain",
            domain,
            "action",
            action == null ? "none" : machine.knows(action) ? action : "other",
            "outcome",
            outcome)
        .increment();
  }

  private String noun() {
    return machine.noun();
  }
}
