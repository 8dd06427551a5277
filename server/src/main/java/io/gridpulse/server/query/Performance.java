package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StatsAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.seeds.Department;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How departments answer their whistles, over the events dispatched to them in a window (by {@code
 * dispatchedAt}, the latest dispatch or transfer, and the department the event is with now): how
 * many were dispatched, signed for, resolved, resolved on time; the mean seconds to sign and to
 * resolve (from the dispatch); the mean rating at the follow-up visit; the open work past its
 * deadline; and how many returns and transfers those events went through. One terms aggregation
 * over the department, one bucket a department.
 */
public final class Performance {
  static final String DEPARTMENTS = "departments";
  private static final String SIGNED = "signed";
  private static final String RESOLVED = "resolved";
  private static final String ON_TIME = "resolvedOnTime";
  private static final String RATED = "rated";
  private static final String SECONDS = "seconds";
  private static final String SATISFACTION = "satisfaction";
  private static final String OPEN_OVERDUE = "openOverdue";
  private static final String RETURNS = "returns";
  private static final String TRANSFERS = "transfers";

  private Performance() {}

  /** One bucket for each of {@code departments}. */
  public static Map<String, Aggregation> aggregations(List<Department> departments) {
    List<String> codes = departments.stream().map(Department::code).toList();
    Map<String, Aggregation> per = new LinkedHashMap<>();
    per.put(
        SIGNED,
        Aggregation.of(
            a ->
                a.filter(Queries.exists("signedAt"))
                    .aggregations(SECONDS, s -> s.avg(v -> v.field("signSeconds")))));
    per.put(
        RESOLVED,
        Aggregation.of(
            a ->
                a.filter(Counts.done())
                    .aggregations(SECONDS, s -> s.avg(v -> v.field("resolveSeconds")))
                    .aggregations(ON_TIME, s -> s.filter(Queries.term("resolvedOnTime", true)))));
    // a rating of 1–2 reopens the event and takes it from the department: the ratings that stay
    // are those of visited and closed events
    per.put(
        RATED,
        Aggregation.of(
            a ->
                a.filter(
                        Queries.terms(
                            "status", List.of(Status.VISITED.code(), Status.CLOSED.code())))
                    .aggregations(SATISFACTION, s -> s.stats(v -> v.field("satisfaction")))));
    per.put(OPEN_OVERDUE, Aggregation.of(a -> a.filter(Counts.openOverdue())));
    per.put(RETURNS, Aggregation.of(a -> a.sum(v -> v.field("returns"))));
    per.put(TRANSFERS, Aggregation.of(a -> a.sum(v -> v.field("transfers"))));
    return Map.of(
        DEPARTMENTS,
        Aggregation.of(
            a ->
                a.terms(
                        t ->
                            t.field("department")
                                .size(Math.max(1, codes.size()))
                                .include(i -> i.terms(codes)))
                    .aggregations(per)));
  }

  /** The buckets of the answer, by department code. */
  public static Map<String, StringTermsBucket> buckets(Map<String, Aggregate> aggregations) {
    return Queries.termsBuckets(aggregations, DEPARTMENTS);
  }

  /** One department's figures ({@code bucket} null: none dispatched in the window). */
  public static JsonObject of(Department department, StringTermsBucket bucket) {
    Map<String, Aggregate> aggs = bucket == null ? Map.of() : bucket.aggregations();
    Aggregate signed = aggs.get(SIGNED);
    Aggregate resolved = aggs.get(RESOLVED);
    long resolvedCount = Counts.docCount(resolved);
    long onTime = resolved == null ? 0 : Counts.docCount(sub(resolved, ON_TIME));
    StatsAggregate ratings =
        aggs.get(RATED) == null ? null : sub(aggs.get(RATED), SATISFACTION).stats();
    return new JsonObject()
        .put("code", department.code())
        .put("name", department.name())
        .put("dispatched", bucket == null ? 0 : bucket.docCount())
        .put("signed", Counts.docCount(signed))
        .put("resolved", resolvedCount)
        .put("resolvedOnTime", onTime)
        .put("onTimeRate", resolvedCount == 0 ? null : (double) onTime / resolvedCount)
        .put("avgSignSeconds", signed == null ? null : sub(signed, SECONDS).avg().value())
        .put("avgResolveSeconds", resolved == null ? null : sub(resolved, SECONDS).avg().value())
        .put("avgSatisfaction", ratings == null ? null : ratings.avg())
        .put("satisfactionCount", ratings == null ? 0 : ratings.count())
        .put(OPEN_OVERDUE, Counts.docCount(aggs.get(OPEN_OVERDUE)))
        .put(RETURNS, sum(aggs.get(RETURNS)))
        .put(TRANSFERS, sum(aggs.get(TRANSFERS)));
  }

  private static Aggregate sub(Aggregate filter, String name) {
    return filter.filter().aggregations().get(name);
  }

  private static long sum(Aggregate sum) {
    Double value = sum == null ? null : sum.sum().value();
    return value == null ? 0 : Math.round(value);
  }
}
