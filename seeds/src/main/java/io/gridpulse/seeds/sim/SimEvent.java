package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.LatLon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * One simulated grid event, as a terminal or the red-mailbox app would post it to {@code POST
 * /api/v1/events}.
 *
 * @param id the idempotency key: {@code sim-<seed>[x<speed>]-<yyyyMMddHH>-<nnnn>}, the district
 *     hour of the event and its rank within that hour
 * @param reporter who reported, or null
 * @param history the steps of its closed loop already taken (a backfilled event's past), or empty
 */
public record SimEvent(
    String id,
    String gridCode,
    String category,
    String title,
    String description,
    LatLon location,
    Instant reportedAt,
    String source,
    Reporter reporter,
    List<LoopPlan.Step> history) {

  /** ISO-8601 with the district's offset, to the second: {@code 2026-11-27T09:30:05+08:00}. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(Rhythm.OFFSET);

  /** A synthetic reporter: a grid worker or a resident, always with a fake 155-000x number. */
  public record Reporter(String name, String phone) {
    public Reporter {
      Objects.requireNonNull(name, "reporter name");
      Objects.requireNonNull(phone, "reporter phone");
    }
  }

  public SimEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(gridCode, "gridCode");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reportedAt, "reportedAt");
    Objects.requireNonNull(source, "source");
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** The same event, imported with the steps of its loop taken so far. */
  public SimEvent withHistory(List<LoopPlan.Step> steps) {
    return new SimEvent(
        id, gridCode, category, title, description, location, reportedAt, source, reporter, steps);
  }

  /** The same event stamped at another time (the simulator at a speed other than 1). */
  public SimEvent withReportedAt(Instant at) {
    return new SimEvent(
        id, gridCode, category, title, description, location, at, source, reporter, history);
  }

  /** The body of {@code POST /api/v1/events} for this event. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("gridCode", gridCode)
            .put("category", category)
            .put("title", title);
    if (description != null) {
      json.put("description", description);
    }
    json.put("location", new JsonObject().put("lat", location.lat()).put("lon", location.lon()))
        .put("reportedAt", TIMESTAMP.format(reportedAt))
        .put("source", source);
    if (reporter != null) {
      json.put(
          "reporter", new JsonObject().put("name", reporter.name()).put("phone", reporter.phone()));
    }
    if (!history.isEmpty()) {
      json.put("history", new JsonArray(history.stream().map(LoopPlan.Step::toJson).toList()));
    }
    return json;
  }
}
