package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.server.query.Performance;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code departments}: how each department answers the whistles of a scope over the last 30 days
 * (by dispatch), the figures of {@code GET /api/v1/departments/performance}: dispatched, signed,
 * resolved and on time, mean times to sign and resolve, satisfaction, open overdue, returns and
 * transfers; keyed by department code, every department present.
 */
public final class Departments extends AggregatedTopic {
  public static final String NAME = "departments";
  static final Duration WINDOW = Duration.ofDays(30);

  private final District district;

  public Departments(Elastic elastic, Context context, District district) {
    super(NAME, Duration.ofSeconds(5), elastic, context);
    this.district = district;
  }

  @Override
  List<Query> filters(Instant now, Instant watermark) {
    return List.of(Queries.through("dispatchedAt", now.minus(WINDOW), null));
  }

  @Override
  Map<String, Aggregation> aggregations(String scope, Instant now) {
    return Performance.aggregations(district.departments());
  }

  @Override
  JsonObject figures(String scope, Map<String, Aggregate> got, Instant now) {
    Map<String, StringTermsBucket> buckets = Performance.buckets(got);
    JsonObject departments = new JsonObject();
    for (Department d : district.departments()) {
      departments.put(d.code(), Performance.of(d, buckets.get(d.code())));
    }
    return new JsonObject().put("window", "30d").put("departments", departments);
  }
}
