package io.gridpulse.server.workflow;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.stream.Lease;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Loop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises overdue work: every interval, on exactly one instance at a time, it finds running
 * events whose deadline (or red-card time) has passed and takes the yellow-card (then red-card)
 * step for them, through the same {@link Workflow} as people's steps.
 *
 * <p>One at a time: a Redis lock ({@code SET NX PX}) held by the instance's id; it expires by
 * itself if that instance dies mid-sweep, and is released only by its holder (compare-and-delete).
 * Safe without the lock too: a card is a step of the loop, taken only once under optimistic
 * concurrency, so a sweep run twice changes nothing more.
 */
public final class Sweeper {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
  static final String LOCK = "gridpulse:sweeper:lock";
  static final int PAGE = 500;

  private final Workflow workflow;
  private final Elastic elastic;
  private final Context context;
  private final Redis redis;
  private final Clock clock;
  private final String instanceId;
  private final Duration lease;
  private final Counter cards;

  public Sweeper(
      Workflow workflow,
      Elastic elastic,
      Context context,
      Redis redis,
      Clock clock,
      String instanceId,
      Duration lease,
      MeterRegistry registry) {
    this.workflow = workflow;
    this.elastic = elastic;
    this.context = context;
    this.redis = redis;
    this.clock = clock;
    this.instanceId = instanceId;
    this.lease = lease;
    this.cards =
        Counter.builder("gridpulse.sweeper.cards")
            .description("Yellow and red cards given by this instance's sweeps")
            .register(registry);
  }

  /** What one sweep did. */
  public record Sweep(int examined, int carded) {}

  /** Runs one sweep if this instance gets the lock; empty when another instance holds it. */
  public Future<Optional<Sweep>> sweepOnce() {
    return Lease.run(redis, LOCK, instanceId, lease, () -> sweep(List.of(), 0, 0));
  }

  /** Pages through what is due, oldest deadline first (search_after), until a page is not full. */
  private Future<Sweep> sweep(List<FieldValue> after, int examined, int carded) {
    return due(clock.instant(), after)
        .compose(
            page -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (Hit<ObjectNode> hit : page) {
                chain = chain.compose(n -> card(hit.id()).map(k -> n + k));
              }
              return chain.compose(
                  n -> {
                    Sweep sweep = new Sweep(examined + page.size(), carded + n);
                    return page.size() == PAGE
                        ? sweep(page.get(page.size() - 1).sort(), sweep.examined(), sweep.carded())
                        : Future.succeededFuture(sweep);
                  });
            });
  }

  /** Takes the due card steps on one event (a yellow, and a red too when that is due as well). */
  private Future<Integer> card(String id) {
    return step(id, "yellow-card")
        .compose(yellow -> step(id, "red-card").map(red -> yellow + red))
        .recover(
            err -> {
              LOG.warn("sweeper: event {}: {}", id, err.toString());
              return Future.succeededFuture(0);
            });
  }

  private Future<Integer> step(String id, String action) {
    return workflow
        .act(id, Actor.system(), e -> true, new JsonObject().put("action", action))
        .map(
            answer -> {
              if (answer instanceof Workflow.Answer.Done) {
                cards.increment();
                return 1;
              }
              return 0;
            });
  }

  /**
   * Running, unpaused events whose yellow or red card is due at {@code now}, after {@code after}.
   */
  private Future<List<Hit<ObjectNode>>> due(Instant now, List<FieldValue> after) {
    String at = now.toString();
    Query yellow =
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.filter(Queries.term("card", "none"))
                            .filter(f -> f.range(r -> r.date(d -> d.field("deadline").lte(at))))));
    Query red =
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.filter(Queries.term("card", "yellow"))
                            .filter(f -> f.range(r -> r.date(d -> d.field("redCardAt").lte(at))))));
    Query query =
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.filter(Queries.terms("status", Loop.runningStatuses()))
                            .mustNot(Queries.term("paused", true))
                            .filter(
                                f ->
                                    f.bool(
                                        o ->
                                            o.should(yellow)
                                                .should(red)
                                                .minimumShouldMatch("1")))));
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s -> {
              s.query(query)
                  .size(PAGE)
                  .source(src -> src.fetch(false))
                  .sort(o -> o.field(f -> f.field("deadline").order(SortOrder.Asc)))
                  .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
              return after.isEmpty() ? s : s.searchAfter(after);
            },
            ObjectNode.class)
        .map(response -> response.hits().hits());
  }
}
