package io.gridpulse.server.mediation;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.seeds.District;
import io.gridpulse.server.metrics.MetricTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code mediation.summary}: what leaders watch of the mediation centre for a scope — the figures
 * of {@code GET /api/v1/mediation/summary} with its default range, this month in district time
 * (cases, success rate, online share, average days to close; the backlog by town and type and the
 * overdue count as of now). Cases sit in villages: a grid's scope shows its village's cases.
 */
public final class MediationTopic implements MetricTopic {
  public static final String NAME = "mediation.summary";

  private static final Query EVERY_CASE = Query.of(q -> q.matchAll(m -> m));

  private final CaseQueries queries;

  public MediationTopic(Elastic elastic, Context context, District district, Clock clock) {
    this.queries = new CaseQueries(elastic, context, district, clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Duration interval() {
    return Duration.ofSeconds(5);
  }

  @Override
  public Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    // the hub lets only those watch a scope who read every case of it (leaders, duty, own town)
    String cases = scope.length() > 12 ? scope.substring(0, 12) : scope;
    return queries.summary(
        EVERY_CASE, cases, CaseQueries.monthStart(now), CaseQueries.monthEnd(now), now);
  }
}
