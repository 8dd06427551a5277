package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code events.trend}: events reported in a scope over the last 24 hours by hour and the last 30
 * days by day (district time), every bucket present (zeros included), keyed by the bucket's start
 * ({@code hours: {"2026-11-27T10:00:00+08:00": 12, …}}, {@code days: {"2026-11-27": 180, …}}) so a
 * delta names only the buckets that changed. New events count at once from the change notices.
 */
public final class Trend extends AggregatedTopic {
  public static final String NAME = "events.trend";
  static final int HOURS = 24;
  static final int DAYS = 30;

  public Trend(Elastic elastic, Context context) {
    super(NAME, Duration.ofSeconds(2), elastic, context);
  }

  @Override
  public boolean counts() {
    return true;
  }

  static Instant firstHour(Instant now) {
    return Window.startOfHour(now).minus(HOURS - 1, ChronoUnit.HOURS);
  }

  static LocalDate firstDay(Instant now) {
    return Window.today(now).minusDays(DAYS - 1);
  }

  @Override
  List<Query> filters(Instant now, Instant watermark) {
    Instant dayFrom = firstDay(now).atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
    return List.of(
        Queries.through("reportedAt", dayFrom, now.plusSeconds(3600)),
        Queries.through("acceptedAt", null, watermark));
  }

  @Override
  Map<String, Aggregation> aggregations(String scope, Instant now) {
    String zone = MonthlyIndex.DISTRICT_ZONE.getId();
    return Map.of(
        "days",
        Aggregation.of(
            a ->
                a.dateHistogram(
                    h ->
                        h.field("reportedAt")
                            .calendarInterval(CalendarInterval.Day)
                            .timeZone(zone)
                            .minDocCount(0))),
        "hours",
        Aggregation.of(
            a ->
                a.filter(Queries.through("reportedAt", firstHour(now), null))
                    .aggregations(
                        "by",
                        h ->
                            h.dateHistogram(
                                d ->
                                    d.field("reportedAt")
                                        .calendarInterval(CalendarInterval.Hour)
                                        .timeZone(zone)
                                        .minDocCount(0)))));
  }

  @Override
  JsonObject figures(String scope, Map<String, Aggregate> got, Instant now) {
    JsonObject data = empty(now);
    JsonObject days = data.getJsonObject("days");
    JsonObject hours = data.getJsonObject("hours");
    for (DateHistogramBucket b : buckets(got.get("days"))) {
      String key = dayKey(Instant.ofEpochMilli(b.key()));
      if (days.containsKey(key)) {
        days.put(key, b.docCount());
      }
    }
    for (DateHistogramBucket b : buckets(got.get("hours").filter().aggregations().get("by"))) {
      String key = Window.local(Instant.ofEpochMilli(b.key()));
      if (hours.containsKey(key)) {
        hours.put(key, b.docCount());
      }
    }
    return data;
  }

  private static List<DateHistogramBucket> buckets(Aggregate histogram) {
    return histogram.dateHistogram().buckets().array();
  }

  /** Every bucket of the two windows at zero. */
  static JsonObject empty(Instant now) {
    JsonObject hours = new JsonObject();
    Instant hour = firstHour(now);
    for (int i = 0; i < HOURS; i++) {
      hours.put(Window.local(hour.plus(i, ChronoUnit.HOURS)), 0L);
    }
    JsonObject days = new JsonObject();
    LocalDate day = firstDay(now);
    for (int i = 0; i < DAYS; i++) {
      days.put(day.plusDays(i).toString(), 0L);
    }
    return new JsonObject().put("hours", hours).put("days", days);
  }

  private static String dayKey(Instant at) {
    return LocalDate.ofInstant(at, MonthlyIndex.DISTRICT_ZONE).toString();
  }

  @Override
  public boolean add(JsonObject data, Noticed event, String scope, Instant now) {
    Instant reported = event.reportedAt();
    if (reported == null) {
      return false;
    }
    boolean changed = bump(data.getJsonObject("days"), dayKey(reported));
    return bump(data.getJsonObject("hours"), Window.local(Window.startOfHour(reported))) || changed;
  }

  private static boolean bump(JsonObject buckets, String key) {
    if (buckets == null || !buckets.containsKey(key)) {
      return false; // outside the windows
    }
    buckets.put(key, buckets.getLong(key) + 1);
    return true;
  }
}
