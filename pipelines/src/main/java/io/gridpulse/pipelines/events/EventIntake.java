package io.gridpulse.pipelines.events;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.workflow.History;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LatLon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns one intake request into the event document that will be indexed, or into the list of what
 * is wrong with it. The document is built from the known fields only, so nothing a client adds
 * reaches the index.
 */
public final class EventIntake {
  public static final ZoneId DISTRICT_ZONE = MonthlyIndex.DISTRICT_ZONE;
  public static final String ALIAS = MonthlyIndex.EVENTS.alias();
  public static final List<String> SOURCES =
      List.of("terminal", "red-mailbox", "hotline", "patrol", "open311");

  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  static final Pattern GRID_CODE = Pattern.compile("371502\\d{9}");
  static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
  static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");

  /** How far in the future a terminal's clock may be. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** How far from its grid an event may be reported (GPS error, a worker at the grid's edge). */
  public static final double MAX_METRES_FROM_GRID = 500;

  private final Clock clock;
  private final District district;
  private final History history;

  /** Intake without imports of past events ({@code history} is refused). */
  public EventIntake(Clock clock, District district) {
    this(clock, district, null);
  }

  /** Intake that replays the {@code history} of imported events through {@code history}. */
  public EventIntake(Clock clock, District district, History history) {
    this.clock = clock;
    this.district = district;
    this.history = history;
  }

  /**
   * Either a stream entry ready to append (and, for an event imported with its history, the entries
   * of its steps for the transitions stream), or the errors (never both).
   */
  public record Result(StreamEntry entry, List<FieldError> errors, List<StreamEntry> transitions) {
    public Result(StreamEntry entry, List<FieldError> errors) {
      this(entry, errors, List.of());
    }

    public boolean ok() {
      return entry != null;
    }
  }

  /** Validates one event; {@code path} prefixes field names in errors (e.g. "events[3]."). */
  public Result accept(Object input, String path) {
    return accept(input, path, false);
  }

  /**
   * As {@link #accept(Object, String)}; when {@code mayImport} (an import source), an event may
   * bring its past steps in {@code history}, replayed through the closed loop.
   */
  public Result accept(Object input, String path, boolean mayImport) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject json = Fields.item(input, path, errors);
    if (json == null) {
      return new Result(null, errors);
    }
    Fields f = new Fields(json, path, errors);
    String id =
        f.matching(
            "id", false, ID, "1–64 letters, digits or . _ : - (starting with a letter or digit)");
    String gridCode =
        f.matching("gridCode", true, GRID_CODE, "a 15-digit grid code of district 371502");
    String category =
        f.matching("category", true, CATEGORY, "a category code from GET /api/v1/categories");
    String title = f.text("title", true, 200);
    String description = f.text("description", false, 5000);
    Fields location = f.object("location", true);
    Double lat = location == null ? null : location.number("lat", true, -90, 90);
    Double lon = location == null ? null : location.number("lon", true, -180, 180);
    if (gridCode != null && district.grid(gridCode).isEmpty()) {
      errors.add(new FieldError(path + "gridCode", "is not a grid of district " + District.CODE));
      gridCode = null;
    }
    Category known = category == null ? null : district.category(category).orElse(null);
    if (category != null && known == null) {
      errors.add(new FieldError(path + "category", "is not a category of GET /api/v1/categories"));
    }
    if (lat != null && lon != null) {
      LatLon point = new LatLon(lat, lon);
      if (!district.contains(point)) {
        errors.add(new FieldError(path + "location", "must be inside district " + District.CODE));
      } else if (gridCode != null && !district.isNearGrid(gridCode, point, MAX_METRES_FROM_GRID)) {
        errors.add(
            new FieldError(
                path + "location",
                "must be within " + (int) MAX_METRES_FROM_GRID + " m of grid " + gridCode));
      }
    }
    Instant reportedAt = f.instant("reportedAt", true);
    Instant now = clock.instant();
    if (reportedAt != null && reportedAt.isAfter(now.plus(CLOCK_SKEW))) {
      errors.add(new FieldError(path + "reportedAt", "must not be in the future"));
    }
    String source = f.oneOf("source", SOURCES);
    Fields reporter = f.object("reporter", false);
    String reporterName = reporter == null ? null : reporter.text("name", false, 50);
    String reporterPhone =
        reporter == null ? null : reporter.matching("phone", false, PHONE, "a phone number");
    List<String> attachments = f.strings("attachments", 10, 500);
    Object past = json.getValue("history");
    if (past != null && (!mayImport || history == null)) {
      errors.add(
          new FieldError(
              path + "history",
              "is accepted only from an import source (an intake key of source 'import')"));
    }
    if (!errors.isEmpty()) {
      return new Result(null, errors);
    }

    String eventId = id != null ? id : UUID.randomUUID().toString();
    JsonObject doc =
        new JsonObject()
            .put("id", eventId)
            .put("gridCode", gridCode)
            .put("villageCode", gridCode.substring(0, 12))
            .put("townCode", gridCode.substring(0, 9))
            .put("category", category)
            .put("title", title)
            .put("location", new JsonObject().put("lat", lat).put("lon", lon))
            .put("reportedAt", reportedAt.toString())
            .put("acceptedAt", now.toString())
            .put("source", source == null ? "terminal" : source)
            .put("status", "reported")
            .put("routing", routing(known));
    if (description != null) {
      doc.put("description", description);
    }
    if (reporterName != null || reporterPhone != null) {
      JsonObject who = new JsonObject();
      if (reporterName != null) {
        who.put("name", reporterName);
      }
      if (reporterPhone != null) {
        who.put("phone", reporterPhone);
      }
      doc.put("reporter", who);
    }
    if (!attachments.isEmpty()) {
      doc.put("attachments", new JsonArray(attachments));
    }
    if (past == null) {
      return new Result(new StreamEntry(eventId, indexFor(reportedAt), doc.encode()), List.of());
    }
    History.Replayed replayed = history.replay(doc, past, path, now, CLOCK_SKEW, errors);
    if (replayed == null) {
      return new Result(null, errors);
    }
    List<StreamEntry> steps = new ArrayList<>(replayed.transitions().size());
    for (JsonObject step : replayed.transitions()) {
      steps.add(
          new StreamEntry(
              step.getString("id"),
              MonthlyIndex.TRANSITIONS.indexFor(Instant.parse(step.getString("at"))),
              step.encode()));
    }
    return new Result(
        new StreamEntry(eventId, indexFor(reportedAt), replayed.event().encode()),
        List.of(),
        steps);
  }

  /** What the category suggests to the desk that triages: level, department and time limit. */
  static JsonObject routing(Category category) {
    return new JsonObject()
        .put("level", category.defaultLevel().code())
        .put("department", category.department())
        .put(
            "timeLimit",
            new JsonObject()
                .put("amount", category.timeLimit().amount())
                .put("unit", category.timeLimit().unit().code()));
  }

  /** The monthly index an event reported at {@code reportedAt} lives in (district time). */
  public static String indexFor(Instant reportedAt) {
    return MonthlyIndex.EVENTS.indexFor(reportedAt);
  }
}
