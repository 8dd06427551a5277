package io.gridpulse.server.metrics;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * {@code events.trend}: events reported in a scope over the last 24 hours by hour and the last 30
 * days by day (district time), every bucket present (zeros included), keyed by the bucket's start
 * ({@code hours: {"2026-11-27T10:00:00+08:00": 12, …}}, {@code days: {"2026-11-27": 180, …}}) so a
 * delta names only the buckets that changed. New events count at once from the change notices.
 */
public final class Trend extends EventsTopic {
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
  public Future<JsonObject> compute(String scope, Instant now, Instant watermark) {
    Instant hourFrom = firstHour(now);
    Instant dayFrom = firstDay(now).atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
    Query query =
        scoped(
            scope,
            Queries.through("reportedAt", dayFrom, now.plusSeconds(3600)),
            Queries.through("acceptedAt", null, watermark));
    String zone = MonthlyIndex.DISTRICT_ZONE.getId();
    return elastic
        .search(
            context,
            MonthlyIndex.EVENTS,
            s ->
                s.size(0)
                    .trackTotalHits(t -> t.enabled(false))
                    .query(query)
                    .aggregations(
                        "days",
                        a ->
                            a.dateHistogram(
                                h ->
                                    h.field("reportedAt")
                                        .calendarInterval(CalendarInterval.Day)
                                        .timeZone(zone)
                                        .minDocCount(0)))
                    .aggregations(
                        "hours",
                        a ->
                            a.filter(Queries.through("reportedAt", hourFrom, null))
                                .aggregations(
                                    "by",
                                    h ->
                                        h.dateHistogram(
                                            d ->
                                                d.field("reportedAt")
                                                    .calendarInterval(CalendarInterval.Hour)
                                                    .timeZone(zone)
                                                    .minDocCount(0)))),
            Void.class)
        .map(
            response -> {
              JsonObject data = empty(now);
              JsonObject days = data.getJsonObject("days");
              JsonObject hours = data.getJsonObject("hours");
              for (DateHistogramBucket b : buckets(response.aggregations().get("days"))) {
                String key = dayKey(Instant.ofEpochMilli(b.key()));
                if (days.containsKey(key)) {
                  days.put(key, b.docCount());
                }
              }
              Aggregate byHour =
                  response.aggregations().get("hours").filter().aggregations().get("by");
              for (DateHistogramBucket b : buckets(byHour)) {
                String key = Window.local(Instant.ofEpochMilli(b.key()));
                if (hours.containsKey(key)) {
                  hours.put(key, b.docCount());
                }
              }
              return data;
            });
  }

  private static java.util.List<DateHistogramBucket> buckets(Aggregate histogram) {
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
  public boolean add(JsonObject data, JsonObject event, String scope, Instant now) {
    Instant reported = Window.parse(event.getString("reportedAt"));
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
