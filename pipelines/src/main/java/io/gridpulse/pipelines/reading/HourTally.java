package io.gridpulse.pipelines.reading;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * What one placement's hour holds, counted from its raw rows: rows by kind, minutes of the
 * sessions, and the distinct readers (for the per-reader-per-day documents).
 */
public record HourTally(
    Bucket bucket,
    PlacementInfo placement,
    long rows,
    long scans,
    long registrations,
    long readSessions,
    long readMinutes,
    long listenSessions,
    long listenMinutes,
    List<String> readers) {

  /** The hourly rollup document (its id is {@link Bucket#rollupId()}). */
  public JsonObject rollup(Instant computedAt) {
    return new JsonObject()
        .put("placement", bucket.placement())
        .put("townCode", placement.townCode())
        .put("villageCode", placement.villageCode())
        .put("placeKind", placement.kind())
        .put("hour", bucket.hour().toString())
        .put("day", bucket.day().toString())
        .put("rows", rows)
        .put("scans", scans)
        .put("registrations", registrations)
        .put("readSessions", readSessions)
        .put("readMinutes", readMinutes)
        .put("listenSessions", listenSessions)
        .put("listenMinutes", listenMinutes)
        .put("readers", readers.size())
        .put("computedAt", computedAt.toString());
  }

  /** The id of a reader's document for the bucket's day and placement. */
  public String readerDayId(String reader) {
    return bucket.day() + "|" + reader + "|" + bucket.placement();
  }

  /** A reader's document for the bucket's day and placement. */
  public JsonObject readerDay(String reader) {
    return new JsonObject()
        .put("reader", reader)
        .put("day", bucket.day().toString())
        .put("placement", bucket.placement())
        .put("townCode", placement.townCode())
        .put("villageCode", placement.villageCode())
        .put("placeKind", placement.kind());
  }
}
