package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.server.query.Counts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code dispatch.board}: the open whistles of a scope — events dispatched to a department and not
 * yet resolved (dispatched, signed for, in progress, suspended) — the {@value #SIZE} nearest their
 * deadline, keyed by event id ({@code whistles: {id: {…, deadline, card}}}, ordered by the client
 * by {@code deadline}), and per department the open and overdue counts.
 */
public final class DispatchBoard extends EventsTopic {
  public static final String NAME = "dispatch.board";
  static final int SIZE = 100;
  static final List<String> OPEN_WHISTLE =
      List.of(
          Status.DISPATCHED.code(),
          Status.SIGNED.code(),
          Status.IN_PROGRESS.code(),
          Status.SUSPENDED.code());
  static final List<String> FIELDS =
      List.of(
          "id",
          "title",
          "category",
          "townCode",
          "villageCode",
          "gridCode",
          "level",
          "department",
          "status",
          "dispatchedAt",
          "signedAt",
          "deadline",
          "redCardAt",
          "card",
          "overdue",
          "paused");

  public DispatchBoard(Elastic elastic, Context context) {
    super(NAME, Duration.ofSeconds(1), elastic, context);
  }

  @Override
  public Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    Query query =
        scoped(scope, Queries.exists("department"), Queries.terms("status", OPEN_WHISTLE));
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s ->
                s.size(SIZE)
                    .query(query)
                    .source(src -> src.filter(f -> f.includes(FIELDS)))
                    .sort(o -> o.field(f -> f.field("deadline").order(SortOrder.Asc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)))
                    .aggregations(
                        "departments",
                        a ->
                            a.terms(t -> t.field("department").size(200))
                                .aggregations("overdue", o -> o.filter(Counts.openOverdue()))),
            ObjectNode.class)
        .map(
            response -> {
              JsonObject whistles = new JsonObject();
              Queries.sources(response.hits().hits())
                  .forEach(doc -> whistles.put(doc.getString("id"), doc));
              JsonObject departments = new JsonObject();
              Queries.termsBuckets(response.aggregations(), "departments")
                  .forEach(
                      (department, b) ->
                          departments.put(
                              department,
                              new JsonObject()
                                  .put("open", b.docCount())
                                  .put(
                                      "overdue",
                                      Counts.docCount(b.aggregations().get("overdue")))));
              return new JsonObject()
                  .put(
                      "total",
                      response.hits().total() == null ? 0 : response.hits().total().value())
                  .put("whistles", whistles)
                  .put("departments", departments);
            });
  }
}
