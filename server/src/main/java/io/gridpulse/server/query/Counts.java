package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.seeds.DivisionRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill-down of {@code GET /api/v1/events/counts}: for a scope, how many events, how many still
 * open, how many open and overdue, by status and by level; and the same (but by level) for each of
 * its children — the towns of the district, the villages of a town, the grids of a village — every
 * child listed, with zeros when it has no event. One search, aggregations only.
 */
public final class Counts {
  static final String OPEN = "open";
  static final String OVERDUE = "overdue";
  static final String BY_STATUS = "byStatus";
  static final String BY_LEVEL = "byLevel";
  static final String CHILDREN = "children";

  private Counts() {}

  /** Resolved, visited or closed: no longer open. */
  public static Query done() {
    return Queries.terms("status", Status.doneCodes());
  }

  /** Open and past its deadline (the overdue flag stays on a late resolution; this does not). */
  public static Query openOverdue() {
    return Query.of(q -> q.bool(b -> b.filter(Queries.term("overdue", true)).mustNot(done())));
  }

  /** The field of the events that names the children of {@code scope}; null for a grid. */
  public static String childField(String scope) {
    return switch (scope.length()) {
      case 6 -> "townCode";
      case 9 -> "villageCode";
      case 12 -> "gridCode";
      default -> null;
    };
  }

  static Map<String, Aggregation> aggregations(String scope, List<DivisionRef> children) {
    Map<String, Aggregation> aggs = new LinkedHashMap<>(tallies());
    aggs.put(
        BY_LEVEL, Aggregation.of(a -> a.terms(t -> t.field("level").size(Loop.LEVELS.size()))));
    String field = childField(scope);
    if (field != null && !children.isEmpty()) {
      List<String> codes = children.stream().map(DivisionRef::code).toList();
      aggs.put(
          CHILDREN,
          Aggregation.of(
              a ->
                  a.terms(t -> t.field(field).size(codes.size()).include(i -> i.terms(codes)))
                      .aggregations(tallies())));
    }
    return aggs;
  }

  /** What is counted for the scope and for each child. */
  private static Map<String, Aggregation> tallies() {
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    aggs.put(OPEN, Aggregation.of(a -> a.filter(Queries.not(done()))));
    aggs.put(OVERDUE, Aggregation.of(a -> a.filter(openOverdue())));
    aggs.put(
        BY_STATUS,
        Aggregation.of(a -> a.terms(t -> t.field("status").size(Status.values().length))));
    return aggs;
  }

  /** The answer: the scope's counts and its children's, in the reference data's order. */
  static JsonObject answer(
      JsonObject scope, List<DivisionRef> children, SearchResponse<Void> response) {
    Map<String, Aggregate> aggs = response.aggregations();
    JsonObject out = tally(scope, response.hits().total().value(), aggs);
    out.put(BY_LEVEL, byKey(aggs.get(BY_LEVEL), Loop.LEVELS));
    Map<String, StringTermsBucket> buckets = new LinkedHashMap<>();
    Aggregate byChild = aggs.get(CHILDREN);
    if (byChild != null) {
      byChild.sterms().buckets().array().forEach(b -> buckets.put(b.key().stringValue(), b));
    }
    JsonArray list = new JsonArray();
    for (DivisionRef child : children) {
      StringTermsBucket bucket = buckets.get(child.code());
      list.add(
          tally(
              new JsonObject()
                  .put("code", child.code())
                  .put("name", child.name())
                  .put(
                      "center",
                      new JsonObject()
                          .put("lat", child.center().lat())
                          .put("lon", child.center().lon())),
              bucket == null ? 0 : bucket.docCount(),
              bucket == null ? Map.of() : bucket.aggregations()));
    }
    return out.put(CHILDREN, list);
  }

  private static JsonObject tally(JsonObject into, long total, Map<String, Aggregate> aggs) {
    return into.put("total", total)
        .put(OPEN, docCount(aggs.get(OPEN)))
        .put(OVERDUE, docCount(aggs.get(OVERDUE)))
        .put(
            BY_STATUS,
            byKey(aggs.get(BY_STATUS), Arrays.stream(Status.values()).map(Status::code).toList()));
  }

  /** The count of a filter aggregation (0 when there is none). */
  public static long docCount(Aggregate filter) {
    return filter == null ? 0 : filter.filter().docCount();
  }

  /** The counts of a terms aggregation by key: every key of {@code keys}, zeros included. */
  private static JsonObject byKey(Aggregate terms, List<String> keys) {
    JsonObject out = new JsonObject();
    keys.forEach(k -> out.put(k, 0L));
    if (terms != null) {
      terms.sterms().buckets().array().forEach(b -> out.put(b.key().stringValue(), b.docCount()));
    }
    return out;
  }
}
