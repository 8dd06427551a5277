package io.gridpulse.server.events;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Documents;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Loop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Reads events back from Elasticsearch (through the alias over the monthly indices). */
public final class EventQueries {
  private final Elastic elastic;
  private final Context context;
  private final Documents documents;

  public EventQueries(Elastic elastic, Context context) {
    this.elastic = elastic;
    this.context = context;
    this.documents = new Documents(elastic, context, MonthlyIndex.EVENTS);
  }

  /**
   * One event with its history (read in real time, so a step just taken is there), or null when
   * there is none: its report and acceptance, then every step of the closed loop.
   */
  public Future<JsonObject> byId(String id) {
    return documents
        .load(id)
        .map(
            found -> {
              if (found == null) {
                return null;
              }
              JsonObject event = found.source();
              JsonArray history =
                  new JsonArray()
                      .add(step("report", event.getString("reportedAt"), "reported"))
                      .add(step("accept", event.getString("acceptedAt"), "reported"));
              Object timeline = event.remove(Loop.TIMELINE);
              if (timeline instanceof JsonArray steps) {
                steps.forEach(history::add);
              }
              return event.put("history", history);
            });
  }

  private static JsonObject step(String action, String at, String status) {
    return new JsonObject().put("action", action).put("at", at).put("to", status);
  }

  /** The latest {@code size} events in a division or grid, newest first. */
  public Future<List<JsonObject>> latest(String scope, int size) {
    return search(Scopes.query(scope), size);
  }

  /**
   * The latest {@code size} events in a division or grid that are with {@code department} (all of
   * them when it is null), newest first.
   */
  public Future<List<JsonObject>> latest(String scope, String department, int size) {
    if (department == null) {
      return latest(scope, size);
    }
    Query mine = Queries.term("department", department);
    return search(Query.of(q -> q.bool(b -> b.filter(Scopes.query(scope), mine))), size);
  }

  private Future<List<JsonObject>> search(Query query, int size) {
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s ->
                s.query(query)
                    .size(size)
                    .sort(o -> o.field(f -> f.field("acceptedAt").order(SortOrder.Desc))),
            ObjectNode.class)
        .map(response -> Queries.sources(response.hits().hits()));
  }
}
