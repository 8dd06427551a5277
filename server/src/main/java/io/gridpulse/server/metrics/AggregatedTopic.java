package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.server.events.Scopes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic whose figures are aggregations of the events that pass filters the same for every scope
 * (a time window, the watermark): {@link #computeAll} asks for up to {@value #BATCH} scopes in one
 * search, each scope's aggregations under a {@code filter} aggregation of its scope, and reads each
 * scope's figures from its own. Measured on 94,000 events (the district and its 24 towns): 25
 * searches cost Elasticsearch 100–180 ms of CPU, the one search 18–38 ms.
 */
abstract class AggregatedTopic extends EventsTopic {
  /** The most scopes in one search (each adds its aggregations to the request and the answer). */
  static final int BATCH = 50;

  AggregatedTopic(String name, Duration interval, Elastic elastic, Context context) {
    super(name, interval, elastic, context);
  }

  /** The filters of the events counted, besides the scope: the same for every scope. */
  abstract List<Query> filters(Instant now, Instant watermark);

  /** The aggregations of one scope's figures. */
  abstract Map<String, Aggregation> aggregations(String scope, Instant now);

  /** One scope's figures from its aggregations. */
  abstract JsonObject figures(String scope, Map<String, Aggregate> got, Instant now);

  @Override
  public final int batch() {
    return BATCH;
  }

  @Override
  public final Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    Query query = scoped(scope, filters(now, watermark).toArray(Query[]::new));
    return aggregate(query, aggregations(scope, now)).map(got -> figures(scope, got, now));
  }

  @Override
  public final Future<Map<String, JsonObject>> computeAll(
      List<String> scopes, Instant now, Instant watermark) {
    if (scopes.size() > BATCH) {
      throw new IllegalArgumentException("at most " + BATCH + " scopes in one search");
    }
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    for (int i = 0; i < scopes.size(); i++) {
      String scope = scopes.get(i);
      aggs.put(
          "s" + i,
          Aggregation.of(
              a -> a.filter(Scopes.query(scope)).aggregations(aggregations(scope, now))));
    }
    List<Query> anyScope = scopes.stream().map(Scopes::query).toList();
    Query query =
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.filter(filters(now, watermark))
                            .filter(
                                f -> f.bool(any -> any.should(anyScope).minimumShouldMatch("1")))));
    return aggregate(query, aggs)
        .map(
            got -> {
              Map<String, JsonObject> all = new LinkedHashMap<>();
              for (int i = 0; i < scopes.size(); i++) {
                Map<String, Aggregate> own = got.get("s" + i).filter().aggregations();
                all.put(scopes.get(i), figures(scopes.get(i), own, now));
              }
              return all;
            });
  }
}
