package io.gridpulse.server.open311;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The service requests of GeoReport v2 read from the events index (through the alias over the
 * monthly indices), newest reported first. The reporter is left out of the documents Elasticsearch
 * returns, so it never reaches this server's answer.
 */
public final class Open311Queries {
  private final Elastic elastic;
  private final Context context;

  public Open311Queries(Elastic elastic, Context context) {
    this.elastic = elastic;
    this.context = context;
  }

  Future<List<JsonObject>> find(RequestFilter filter) {
    int size = filter.byIds() ? filter.ids().size() : RequestFilter.MAX_RESULTS;
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s ->
                s.query(query(filter))
                    .size(size)
                    .source(src -> src.filter(f -> f.excludes("reporter")))
                    .sort(o -> o.field(f -> f.field("reportedAt").order(SortOrder.Desc))),
            ObjectNode.class)
        .map(response -> Queries.sources(response.hits().hits()));
  }

  /** The Elasticsearch query of a filter. */
  static Query query(RequestFilter filter) {
    if (filter.byIds()) {
      return Query.of(q -> q.ids(i -> i.values(filter.ids())));
    }
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (!filter.serviceCodes().isEmpty()) {
      bool.filter(Queries.terms("category", filter.serviceCodes()));
    }
    bool.filter(Queries.through("reportedAt", filter.from(), filter.to()));
    if (filter.statuses().size() == 1) {
      Query closed = Queries.terms("status", Open311Status.CLOSED_STATES);
      if (filter.statuses().contains(Open311Status.CLOSED)) {
        bool.filter(closed);
      } else {
        bool.mustNot(closed);
      }
    }
    return Query.of(q -> q.bool(bool.build()));
  }
}
