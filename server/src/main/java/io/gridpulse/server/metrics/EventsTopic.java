package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.server.events.Scopes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A topic computed from the events index: its name, its interval, the client and context. */
abstract class EventsTopic implements MetricTopic {
  protected final Elastic elastic;
  protected final Context context;
  private final String name;
  private final Duration interval;

  EventsTopic(String name, Duration interval, Elastic elastic, Context context) {
    this.name = name;
    this.interval = interval;
    this.elastic = elastic;
    this.context = context;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Duration interval() {
    return interval;
  }

  /** The aggregations {@code aggs} over the events of {@code query} (no hits, no total). */
  Future<Map<String, Aggregate>> aggregate(Query query, Map<String, Aggregation> aggs) {
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s -> s.size(0).trackTotalHits(t -> t.enabled(false)).query(query).aggregations(aggs),
            Void.class)
        .map(SearchResponse::aggregations);
  }

  /** The events of {@code scope} that pass every one of {@code filters}. */
  static Query scoped(String scope, Query... filters) {
    return Query.of(q -> q.bool(b -> b.filter(Scopes.query(scope)).filter(List.of(filters))));
  }
}
