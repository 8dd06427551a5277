package io.gridpulse.server.reading;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.seeds.District;
import io.gridpulse.server.metrics.MetricTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code reading.summary}: what leaders watch of digital reading (书香山东·数字阅读) in a scope — the
 * figures of {@code GET /api/v1/reading/summary} for the scope and the route's default range, the
 * district's today (placements and coverage, scans, new and active readers, reading and listening
 * sessions and minutes, by town and by kind of place). The same three searches as the route ({@link
 * ReadingSummary}). Placements sit in villages: a grid's scope shows its village.
 */
public final class ReadingTopic implements MetricTopic {
  public static final String NAME = "reading.summary";

  private final ReadingSummary summary;

  public ReadingTopic(Elastic elastic, Context context, District district) {
    this.summary = new ReadingSummary(elastic, context, district);
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
    // the district, a town or a village, as the route takes them; a grid's is its village's
    String shown = scope.length() > 12 ? scope.substring(0, 12) : scope;
    LocalDate today = LocalDate.ofInstant(now, MonthlyIndex.DISTRICT_ZONE);
    return summary.answer(new SummaryRequest(shown, today, today));
  }
}
