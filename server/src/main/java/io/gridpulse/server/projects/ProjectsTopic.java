package io.gridpulse.server.projects;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.seeds.District;
import io.gridpulse.server.events.Scopes;
import io.gridpulse.server.metrics.MetricTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code projects.summary}: what leaders watch of the key projects of a scope — the figures of
 * {@code GET /api/v1/projects/summary} (counts by status, investment completion, open and overdue
 * problems, overdue milestones, by town and sector), the status derived for today. Projects sit in
 * towns: a village's or a grid's scope shows its town's projects.
 */
public final class ProjectsTopic implements MetricTopic {
  public static final String NAME = "projects.summary";

  private final Elastic elastic;
  private final Context context;
  private final District district;

  public ProjectsTopic(Elastic elastic, Context context, District district) {
    this.elastic = elastic;
    this.context = context;
    this.district = district;
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
    String town = Scopes.townOf(scope);
    Query query = town == null ? Query.of(q -> q.matchAll(m -> m)) : Queries.term("townCode", town);
    LocalDate today = LocalDate.ofInstant(now, MonthlyIndex.DISTRICT_ZONE);
    return ProjectRoutes.search(elastic, context, query)
        .map(
            projects ->
                new JsonObject()
                    .put("scope", town == null ? "district" : town)
                    .put("day", today.toString())
                    .mergeIn(ProjectRoutes.figures(district, projects, today)));
  }
}
