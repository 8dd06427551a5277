package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.server.query.Counts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code alerts}: what the wall must shout about in a scope — open events with a red card (the
 * {@value #RED_SIZE} latest, keyed by id) and surges: a town's or grid's reports of one category in
 * the last hour far above the same hour of the week before (the statistic of {@link Surge}), keyed
 * {@code <town|grid>:<code>:<category>}.
 */
public final class Alerts extends EventsTopic {
  public static final String NAME = "alerts";
  static final int RED_SIZE = 50;
  static final List<String> RED_FIELDS =
      List.of(
          "id",
          "title",
          "category",
          "townCode",
          "gridCode",
          "department",
          "status",
          "deadline",
          "redCardAt");

  public Alerts(Elastic elastic, Context context) {
    super(NAME, Duration.ofSeconds(2), elastic, context);
  }

  /** The units whose surges are looked for within a scope: its towns and its grids. */
  static Map<String, String> units(String scope) {
    Map<String, String> units = new java.util.LinkedHashMap<>();
    if (scope.length() <= 9) {
      units.put("town", "townCode");
    }
    units.put("grid", "gridCode");
    return units;
  }

  @Override
  public Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    Instant hourAgo = now.minus(Duration.ofHours(1));
    List<Query> earlier = new ArrayList<>();
    for (int week = 1; week <= Surge.WEEKS; week++) {
      Duration back = Duration.ofDays(7L * week);
      earlier.add(Queries.between("reportedAt", hourAgo.minus(back), now.minus(back)));
    }
    Query recent = Queries.through("reportedAt", hourAgo, null);
    Query windows =
        Query.of(q -> q.bool(b -> b.should(recent).should(earlier).minimumShouldMatch("1")));
    Map<String, Aggregation> aggs = new java.util.LinkedHashMap<>();
    units(scope)
        .forEach(
            (kind, field) -> {
              aggs.put("recent-" + kind, byUnit(recent, field, 200));
              aggs.put(
                  "earlier-" + kind,
                  byUnit(
                      Query.of(q -> q.bool(b -> b.should(earlier).minimumShouldMatch("1"))),
                      field,
                      5000));
            });
    aggs.put(
        "red",
        Aggregation.of(
            a ->
                a.filter(redCards())
                    .aggregations(
                        "latest",
                        l ->
                            l.topHits(
                                t ->
                                    t.size(RED_SIZE)
                                        .source(s -> s.filter(f -> f.includes(RED_FIELDS)))
                                        .sort(
                                            o ->
                                                o.field(
                                                    f ->
                                                        f.field("redCardAt")
                                                            .order(SortOrder.Desc)))))));
    Query query =
        scoped(
            scope,
            Query.of(
                x -> x.bool(y -> y.should(windows).should(redCards()).minimumShouldMatch("1"))));
    return aggregate(query, aggs).map(got -> answer(scope, got));
  }

  private static Query redCards() {
    return Query.of(q -> q.bool(b -> b.filter(Queries.term("card", "red")).mustNot(Counts.done())));
  }

  private static Aggregation byUnit(Query window, String field, int size) {
    return Aggregation.of(
        a ->
            a.filter(window)
                .aggregations(
                    "units",
                    u ->
                        u.terms(t -> t.field(field).size(size))
                            .aggregations(
                                "categories", c -> c.terms(t -> t.field("category").size(100)))));
  }

  private static JsonObject answer(String scope, Map<String, Aggregate> aggs) {
    JsonObject surges = new JsonObject();
    units(scope)
        .forEach(
            (kind, field) -> {
              Map<String, Long> before = new HashMap<>();
              for (StringTermsBucket unit : unitBuckets(aggs.get("earlier-" + kind))) {
                for (StringTermsBucket cat : categories(unit)) {
                  before.put(
                      unit.key().stringValue() + ":" + cat.key().stringValue(), cat.docCount());
                }
              }
              for (StringTermsBucket unit : unitBuckets(aggs.get("recent-" + kind))) {
                for (StringTermsBucket cat : categories(unit)) {
                  String key = unit.key().stringValue() + ":" + cat.key().stringValue();
                  long count = cat.docCount();
                  long earlier = before.getOrDefault(key, 0L);
                  if (Surge.isSurge(count, earlier)) {
                    double lambda = Surge.baseline(earlier);
                    surges.put(
                        kind + ":" + key,
                        new JsonObject()
                            .put("kind", kind)
                            .put("code", unit.key().stringValue())
                            .put("category", cat.key().stringValue())
                            .put("count", count)
                            .put("baseline", lambda)
                            .put("p", Surge.upperTail(count, lambda)));
                  }
                }
              }
            });
    JsonObject red = new JsonObject();
    Aggregate redAgg = aggs.get("red");
    redAgg
        .filter()
        .aggregations()
        .get("latest")
        .topHits()
        .hits()
        .hits()
        .forEach(
            h -> {
              if (h.source() != null) {
                JsonObject doc = new JsonObject(h.source().toJson().toString());
                red.put(doc.getString("id"), doc);
              }
            });
    return new JsonObject()
        .put("redTotal", redAgg.filter().docCount())
        .put("red", red)
        .put("surges", surges);
  }

  private static List<StringTermsBucket> unitBuckets(Aggregate filter) {
    return filter.filter().aggregations().get("units").sterms().buckets().array();
  }

  private static List<StringTermsBucket> categories(StringTermsBucket unit) {
    return unit.aggregations().get("categories").sterms().buckets().array();
  }
}
