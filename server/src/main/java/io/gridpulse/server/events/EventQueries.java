package io.gridpulse.server.events;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.events.EventIntake;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads events back from Elasticsearch (through the alias over the monthly indices). */
public final class EventQueries {
  private final Elastic elastic;
  private final Context context;

  public EventQueries(Elastic elastic, Context context) {
    this.elastic = elastic;
    this.context = context;
  }

  /** One event with its history, or null when there is none. */
  public Future<JsonObject> byId(String id) {
    return search(Query.of(q -> q.ids(i -> i.values(id))), 1)
        .map(
            events -> {
              if (events.isEmpty()) {
                return null;
              }
              JsonObject event = events.get(0);
              JsonArray history =
                  new JsonArray()
                      .add(step("report", event.getString("reportedAt"), "reported"))
                      .add(step("accept", event.getString("acceptedAt"), "reported"));
              return event.put("history", history);
            });
  }

  private static JsonObject step(String action, String at, String status) {
    return new JsonObject().put("action", action).put("at", at).put("status", status);
  }

  /** The latest {@code size} events in a division or grid, newest first. */
  public Future<List<JsonObject>> latest(String scope, int size) {
    return search(Scopes.query(scope), size);
  }

  private Future<List<JsonObject>> search(Query query, int size) {
    return Elastic.on(
            context,
            () ->
                elastic
                    .client()
                    .search(
                        s ->
                            s.index(EventIntake.ALIAS)
                                .query(query)
                                .size(size)
                                .ignoreUnavailable(true)
                                .allowNoIndices(true)
                                .sort(
                                    o -> o.field(f -> f.field("acceptedAt").order(SortOrder.Desc))),
                        ObjectNode.class))
        .map(EventQueries::sources);
  }

  private static List<JsonObject> sources(SearchResponse<ObjectNode> response) {
    List<JsonObject> out = new ArrayList<>();
    for (Hit<ObjectNode> hit : response.hits().hits()) {
      if (hit.source() != null) {
        out.add(new JsonObject(hit.source().toString()));
      }
    }
    return out;
  }
}
