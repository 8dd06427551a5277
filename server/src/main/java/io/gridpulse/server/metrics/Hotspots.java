package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.server.query.Counts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code hotspots}: where events were reported in a scope over the last 24 hours, for the map —
 * counts by map tile ({@code geotile_grid} at a zoom fitting the scope: 14 for the district, 15 a
 * town, 17 a village, 18 a grid; key {@code zoom/x/y}) and by child division (towns of the
 * district, villages of a town, grids of a village). New events count at once from the change
 * notices, in the same tile Elasticsearch gives them.
 */
public final class Hotspots extends EventsTopic {
  public static final String NAME = "hotspots";
  static final Duration WINDOW = Duration.ofHours(24);
  static final int MAX_TILES = 2000;

  public Hotspots(Elastic elastic, Context context) {
    super(NAME, Duration.ofSeconds(2), elastic, context);
  }

  @Override
  public boolean counts() {
    return true;
  }

  static int zoom(String scope) {
    return switch (scope.length()) {
      case 6 -> 14;
      case 9 -> 15;
      case 12 -> 17;
      default -> 18;
    };
  }

  @Override
  public Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    int zoom = zoom(scope);
    String childField = Counts.childField(scope);
    Query query =
        scoped(
            scope,
            Queries.through("reportedAt", now.minus(WINDOW), null),
            Queries.through("acceptedAt", null, watermark));
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s -> {
              s.size(0)
                  .trackTotalHits(t -> t.enabled(true))
                  .query(query)
                  .aggregations(
                      "tiles",
                      a -> a.geotileGrid(g -> g.field("location").precision(zoom).size(MAX_TILES)));
              if (childField != null) {
                s.aggregations("children", a -> a.terms(t -> t.field(childField).size(1000)));
              }
              return s;
            },
            Void.class)
        .map(
            response -> {
              JsonObject tiles = new JsonObject();
              response
                  .aggregations()
                  .get("tiles")
                  .geotileGrid()
                  .buckets()
                  .array()
                  .forEach(b -> tiles.put(b.key(), b.docCount()));
              JsonObject children = new JsonObject();
              Aggregate byChild = response.aggregations().get("children");
              if (byChild != null) {
                byChild
                    .sterms()
                    .buckets()
                    .array()
                    .forEach(b -> children.put(b.key().stringValue(), b.docCount()));
              }
              return new JsonObject()
                  .put("window", "24h")
                  .put("zoom", zoom)
                  .put(
                      "total",
                      response.hits().total() == null ? 0 : response.hits().total().value())
                  .put("tiles", tiles)
                  .put("children", children);
            });
  }

  @Override
  public boolean add(JsonObject data, Noticed noticed, String scope, Instant now) {
    JsonObject event = noticed.doc();
    Instant reported = noticed.reportedAt();
    if (reported == null || reported.isBefore(now.minus(WINDOW))) {
      return false;
    }
    data.put("total", data.getLong("total", 0L) + 1);
    JsonObject location = event.getJsonObject("location");
    if (location != null
        && location.getValue("lat") instanceof Number lat
        && location.getValue("lon") instanceof Number lon) {
      String tile =
          Geotile.key(lat.doubleValue(), lon.doubleValue(), data.getInteger("zoom", zoom(scope)));
      JsonObject tiles = data.getJsonObject("tiles");
      tiles.put(tile, tiles.getLong(tile, 0L) + 1);
    }
    String field = Counts.childField(scope);
    String child = field == null ? null : event.getString(field);
    if (child != null) {
      JsonObject children = data.getJsonObject("children");
      children.put(child, children.getLong(child, 0L) + 1);
    }
    return true;
  }
}
