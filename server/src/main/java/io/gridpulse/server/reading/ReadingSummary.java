package io.gridpulse.server.reading;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.reading.PlacementIntake;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Town;
import io.gridpulse.server.events.Scopes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

/**
 * The figures leaders watch, for a scope and a range of days: placements and coverage (the share of
 * the scope's villages and communities with at least one placement by the end of the range), scans,
 * new readers (registrations), active readers, reading and listening sessions and minutes; in all,
 * by town, and by kind of place. Three searches, aggregations only: the placements, the hourly
 * rollups (sums), and the readers' days (the cardinality of {@code reader}, HyperLogLog++ with a
 * precision threshold of {@value #PRECISION}: exact for small sets, measured 20,002 for 20,000
 * distinct readers, within about 1% beyond the threshold).
 */
final class ReadingSummary {
  static final int PRECISION = 40_000;
  static final List<String> SUMS =
      List.of(
          "scans",
          "registrations",
          "readSessions",
          "readMinutes",
          "listenSessions",
          "listenMinutes");

  private final Elastic elastic;
  private final Context context;
  private final District district;

  ReadingSummary(Elastic elastic, Context context, District district) {
    this.elastic = elastic;
    this.context = context;
    this.district = district;
  }

  Future<JsonObject> answer(SummaryRequest r) {
    Future<SearchResponse<Void>> placements =
        search(MonthlyIndex.READING_PLACEMENTS, placementsQuery(r));
    Future<SearchResponse<Void>> hourly = search(MonthlyIndex.READING_HOURLY, hourlyQuery(r));
    Future<SearchResponse<Void>> readers = search(MonthlyIndex.READING_READERS, readersQuery(r));
    return Future.all(placements, hourly, readers)
        .map(v -> render(r, placements.result(), hourly.result(), readers.result()));
  }

  private Future<SearchResponse<Void>> search(MonthlyIndex family, JsonObject body) {
    String json = body.encode();
    SearchRequest request =
        SearchRequest.of(
            s ->
                s.withJson(new StringReader(json))
                    .index(family.alias())
                    .ignoreUnavailable(true)
                    .allowNoIndices(true));
    return Elastic.on(context, () -> elastic.client().search(request, Void.class));
  }

  // ------------------------------------------------------------------ queries

  private static JsonArray scoped(SummaryRequest r) {
    JsonArray filters = new JsonArray();
    if (r.field() != null) {
      filters.add(term(r.field(), r.scope()));
    }
    return filters;
  }

  private static JsonObject term(String field, String value) {
    return new JsonObject().put("term", new JsonObject().put(field, value));
  }

  private static JsonObject range(String field, Object gte, Object lt, String lte) {
    JsonObject bounds = new JsonObject();
    if (gte != null) {
      bounds.put("gte", gte.toString());
    }
    if (lt != null) {
      bounds.put("lt", lt.toString());
    }
    if (lte != null) {
      bounds.put("lte", lte);
    }
    return new JsonObject().put("range", new JsonObject().put(field, bounds));
  }

  private static JsonObject query(JsonArray filters) {
    return new JsonObject().put("bool", new JsonObject().put("filter", filters));
  }

  private static JsonObject terms(String field, int size, JsonObject aggs) {
    JsonObject agg =
        new JsonObject().put("terms", new JsonObject().put("field", field).put("size", size));
    return aggs == null ? agg : agg.put("aggs", aggs);
  }

  private static JsonObject placementsQuery(SummaryRequest r) {
    JsonArray filters = scoped(r).add(range("placedOn", null, null, r.to().toString()));
    JsonObject each =
        new JsonObject()
            .put("new", new JsonObject().put("filter", range("placedOn", r.from(), null, null)))
            .put("villages", terms("villageCode", 1000, null));
    return new JsonObject()
        .put("size", 0)
        .put("track_total_hits", true)
        .put("query", query(filters))
        .put(
            "aggs",
            each.copy()
                .put("byTown", terms("townCode", 100, each))
                .put("byKind", terms("kind", 10, each)));
  }

  private static JsonObject hourlyQuery(SummaryRequest r) {
    JsonArray filters = scoped(r).add(range("hour", r.start(), r.end(), null));
    JsonObject sums = new JsonObject();
    for (String field : SUMS) {
      sums.put(field, new JsonObject().put("sum", new JsonObject().put("field", field)));
    }
    return new JsonObject()
        .put("size", 0)
        .put("query", query(filters))
        .put(
            "aggs",
            sums.copy()
                .put("byTown", terms("townCode", 100, sums))
                .put("byKind", terms("placeKind", 10, sums)));
  }

  private static JsonObject readersQuery(SummaryRequest r) {
    JsonArray filters =
        scoped(r)
            .add(range("day", null, null, r.to().toString()))
            .add(range("day", r.from(), null, null));
    JsonObject active =
        new JsonObject()
            .put(
                "active",
                new JsonObject()
                    .put(
                        "cardinality",
                        new JsonObject()
                            .put("field", "reader")
                            .put("precision_threshold", PRECISION)));
    return new JsonObject()
        .put("size", 0)
        .put("query", query(filters))
        .put(
            "aggs",
            active
                .copy()
                .put("byTown", terms("townCode", 100, active))
                .put("byKind", terms("placeKind", 10, active)));
  }

  // ------------------------------------------------------------------ answer

  private JsonObject render(
      SummaryRequest r,
      SearchResponse<Void> placements,
      SearchResponse<Void> hourly,
      SearchResponse<Void> readers) {
    long total = placements.hits().total() == null ? 0 : placements.hits().total().value();
    JsonObject all =
        figures(
            total,
            placements.aggregations(),
            hourly.aggregations(),
            readers.aggregations(),
            villagesIn(r.scope()));
    List<String> townCodes = townsOf(r.scope());
    JsonArray byTown = new JsonArray();
    Map<String, StringTermsBucket> pt = Queries.termsBuckets(placements.aggregations(), "byTown");
    Map<String, StringTermsBucket> ht = Queries.termsBuckets(hourly.aggregations(), "byTown");
    Map<String, StringTermsBucket> rt = Queries.termsBuckets(readers.aggregations(), "byTown");
    for (String town : townCodes) {
      StringTermsBucket p = pt.get(town);
      JsonObject row =
          figures(
              p == null ? 0 : p.docCount(),
              p == null ? Map.of() : p.aggregations(),
              ht.containsKey(town) ? ht.get(town).aggregations() : Map.of(),
              rt.containsKey(town) ? rt.get(town).aggregations() : Map.of(),
              r.scope().length() == 12 ? 1 : district.villagesOf(town).size());
      byTown.add(
          new JsonObject()
              .put("code", town)
              .put("name", district.town(town).map(Town::name).orElse(town))
              .mergeIn(row));
    }
    JsonArray byKind = new JsonArray();
    Map<String, StringTermsBucket> pk = Queries.termsBuckets(placements.aggregations(), "byKind");
    Map<String, StringTermsBucket> hk = Queries.termsBuckets(hourly.aggregations(), "byKind");
    Map<String, StringTermsBucket> rk = Queries.termsBuckets(readers.aggregations(), "byKind");
    for (String kind : PlacementIntake.KINDS) {
      StringTermsBucket p = pk.get(kind);
      JsonObject row =
          figures(
              p == null ? 0 : p.docCount(),
              p == null ? Map.of() : p.aggregations(),
              hk.containsKey(kind) ? hk.get(kind).aggregations() : Map.of(),
              rk.containsKey(kind) ? rk.get(kind).aggregations() : Map.of(),
              -1);
      row.remove("coverage");
      row.getJsonObject("placements").remove("villagesInScope");
      byKind.add(new JsonObject().put("kind", kind).mergeIn(row));
    }
    return new JsonObject()
        .put("scope", r.scope())
        .put("from", r.from().toString())
        .put("to", r.to().toString())
        .mergeIn(all)
        .put("byTown", byTown)
        .put("byKind", byKind)
        .put(
            "notes",
            new JsonObject()
                .put("placements", "placed on or before 'to'; 'new': placed within the range")
                .put(
                    "activeReaders",
                    "distinct readers with any activity on a day of the range (HyperLogLog++,"
                        + " precision threshold "
                        + PRECISION
                        + "): exact for small sets, within about 0.1% up to the threshold and"
                        + " about 1% beyond"));
  }

  /** The towns a scope's answer lists: every town of the district, or the scope's own. */
  private List<String> townsOf(String scope) {
    String town = Scopes.townOf(scope);
    return town == null ? district.towns().stream().map(Town::code).toList() : List.of(town);
  }

  private int villagesIn(String scope) {
    return switch (scope.length()) {
      case 6 -> district.villages().size();
      case 9 -> district.villagesOf(scope).size();
      default -> 1;
    };
  }

  private static JsonObject figures(
      long placed,
      Map<String, Aggregate> placements,
      Map<String, Aggregate> hourly,
      Map<String, Aggregate> readers,
      int villagesInScope) {
    Aggregate fresh = placements.get("new");
    Aggregate villages = placements.get("villages");
    int covered = villages == null ? 0 : villages.sterms().buckets().array().size();
    JsonObject p =
        new JsonObject()
            .put("total", placed)
            .put("new", fresh == null ? 0 : fresh.filter().docCount())
            .put("villagesCovered", covered)
            .put("villagesInScope", villagesInScope);
    Aggregate active = readers.get("active");
    return new JsonObject()
        .put("placements", p)
        .put(
            "coverage",
            villagesInScope <= 0
                ? 0.0
                : Math.round(10_000.0 * covered / villagesInScope) / 10_000.0)
        .put("scans", sum(hourly, "scans"))
        .put("newReaders", sum(hourly, "registrations"))
        .put("activeReaders", active == null ? 0 : active.cardinality().value())
        .put(
            "reading",
            new JsonObject()
                .put("sessions", sum(hourly, "readSessions"))
                .put("minutes", sum(hourly, "readMinutes")))
        .put(
            "listening",
            new JsonObject()
                .put("sessions", sum(hourly, "listenSessions"))
                .put("minutes", sum(hourly, "listenMinutes")));
  }

  private static long sum(Map<String, Aggregate> aggs, String name) {
    Aggregate agg = aggs.get(name);
    return agg == null ? 0 : Math.round(agg.sum().value());
  }
}
