package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StatsAggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.server.query.Counts;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code overview}: today's closed loop in a scope (district time) — events reported, triaged,
 * dispatched, signed for, resolved and closed today; open now and open past the deadline; the share
 * of today's resolutions on time; the mean rating of today's follow-up visits. Filter aggregations
 * only (one search for many scopes: {@link AggregatedTopic}). New events count at once (reported,
 * open) from the change notices.
 */
public final class Overview extends AggregatedTopic {
  public static final String NAME = "overview";

  /** The fields counted by the day their step happened, and the time field of each. */
  static final Map<String, String> STEPS_TODAY = steps();

  public Overview(Elastic elastic, Context context) {
    super(NAME, Duration.ofSeconds(1), elastic, context);
  }

  private static Map<String, String> steps() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("reported", "reportedAt");
    m.put("triaged", "triagedAt");
    m.put("dispatched", "dispatchedAt");
    m.put("signed", "signedAt");
    m.put("resolved", "resolvedAt");
    m.put("closed", "closedAt");
    return m;
  }

  @Override
  public boolean counts() {
    return true;
  }

  @Override
  List<Query> filters(Instant now, Instant watermark) {
    return List.of(Queries.through("acceptedAt", null, watermark));
  }

  @Override
  Map<String, Aggregation> aggregations(String scope, Instant now) {
    Instant day = Window.startOfDay(now);
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    STEPS_TODAY.forEach(
        (name, field) ->
            aggs.put(name, Aggregation.of(a -> a.filter(Queries.through(field, day, null)))));
    aggs.put(
        "onTime",
        Aggregation.of(
            a ->
                a.filter(
                    Query.of(
                        q ->
                            q.bool(
                                b ->
                                    b.filter(Queries.through("resolvedAt", day, null))
                                        .filter(Queries.term("resolvedOnTime", true)))))));
    aggs.put("open", Aggregation.of(a -> a.filter(Queries.not(Counts.done()))));
    aggs.put("overdue", Aggregation.of(a -> a.filter(Counts.openOverdue())));
    aggs.put(
        "ratings",
        Aggregation.of(
            a ->
                a.filter(Queries.through("visitedAt", day, null))
                    .aggregations("satisfaction", s -> s.stats(v -> v.field("satisfaction")))));
    return aggs;
  }

  @Override
  JsonObject figures(String scope, Map<String, Aggregate> got, Instant now) {
    JsonObject data = new JsonObject().put("day", Window.today(now).toString());
    STEPS_TODAY.keySet().forEach(name -> data.put(name, Counts.docCount(got.get(name))));
    data.put("open", Counts.docCount(got.get("open")));
    data.put("overdue", Counts.docCount(got.get("overdue")));
    long resolved = data.getLong("resolved");
    long onTime = Counts.docCount(got.get("onTime"));
    data.put("resolvedOnTime", onTime);
    data.put("onTimeRate", resolved == 0 ? null : (double) onTime / resolved);
    StatsAggregate stats = got.get("ratings").filter().aggregations().get("satisfaction").stats();
    data.put("ratings", stats.count());
    data.put("avgSatisfaction", stats.count() == 0 ? null : stats.avg());
    return data;
  }

  @Override
  public boolean add(JsonObject data, Noticed noticed, String scope, Instant now) {
    JsonObject event = noticed.doc();
    Instant reported = noticed.reportedAt();
    boolean changed = false;
    if (reported != null && !reported.isBefore(Window.startOfDay(now))) {
      data.put("reported", data.getLong("reported", 0L) + 1);
      changed = true;
    }
    boolean open = Status.of(event.getString("status", "")).map(s -> !s.isDone()).orElse(true);
    if (open) {
      data.put("open", data.getLong("open", 0L) + 1);
      changed = true;
    }
    return changed;
  }
}
