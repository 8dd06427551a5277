package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One placement's hour: the unit of the hourly rollups. (District time is UTC+8, a whole number of
 * hours, so an hour of UTC is an hour of the district.)
 *
 * @param hour the start of the hour
 */
public record Bucket(String placement, Instant hour) {

  /** The bucket of an activity document (as the pipeline indexed it). */
  public static Bucket of(String activityJson) {
    JsonObject doc = new JsonObject(activityJson);
    return new Bucket(
        doc.getString("placement"),
        Instant.parse(doc.getString("at")).truncatedTo(ChronoUnit.HOURS));
  }

  /** Its mark in Redis: {@code <placement>@<epoch second of the hour>}. */
  public String key() {
    return placement + "@" + hour.getEpochSecond();
  }

  public static Bucket parse(String key) {
    int at = key.lastIndexOf('@');
    return new Bucket(
        key.substring(0, at), Instant.ofEpochSecond(Long.parseLong(key.substring(at + 1))));
  }

  /** The id of its rollup document: {@code <placement>@<hour, ISO-8601>}. */
  public String rollupId() {
    return placement + "@" + hour;
  }

  /** The district's day the hour belongs to. */
  public LocalDate day() {
    return LocalDate.ofInstant(hour, MonthlyIndex.DISTRICT_ZONE);
  }

  /** The raw index that holds its rows. */
  public String rawIndex() {
    return MonthlyIndex.READING_ACTIVITY.indexFor(hour);
  }
}
