package io.gridpulse.server.open311;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.LatLon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GeoReport v2 "POST Service Request" turned into an intake event of source {@code open311}: the
 * service code is the category, the point picks the grid (the one holding it, or the nearest within
 * {@value EventIntake#MAX_METRES_FROM_GRID} m), the description makes the title. What is wrong is
 * named by the Open311 field, both here and when the intake's own checks fail.
 */
final class RequestForm {
  /** How much of the description goes into the title, after the service name. */
  static final int TITLE_EXCERPT = 40;

  /** The intake's field names (as its errors name them) and the Open311 fields they come from. */
  private static final Map<String, String> FIELDS =
      Map.of(
          "category", "service_code",
          "location", "lat",
          "location.lat", "lat",
          "location.lon", "long",
          "gridCode", "lat",
          "title", "description",
          "description", "description",
          "reporter.name", "first_name",
          "reporter.phone", "phone",
          "attachments[0]", "media_url");

  private final District district;
  private final Clock clock;

  RequestForm(District district, Clock clock) {
    this.district = district;
    this.clock = clock;
  }

  /** Either the intake event or the errors (never both). */
  record Translation(JsonObject event, List<FieldError> errors) {
    boolean ok() {
      return event != null;
    }
  }

  /**
   * Translates the fields as sent: form attributes or a JSON object's members ({@code lat} and
   * {@code long} may be strings or numbers).
   */
  Translation translate(JsonObject fields) {
    List<FieldError> errors = new ArrayList<>();
    Optional<Category> service = service(fields, errors);
    boolean hasAddress = text(fields, "address_string") != null;
    Double lat = coordinate(fields, "lat", 90, hasAddress, errors);
    Double lon = coordinate(fields, "long", 180, hasAddress, errors);
    Grid grid = lat == null || lon == null ? null : grid(new LatLon(lat, lon), errors);
    String description = text(fields, "description");
    if (description == null) {
      errors.add(new FieldError("description", "is required: what is wrong, and where"));
    }
    String media = text(fields, "media_url");
    if (media != null && !isWebUrl(media)) {
      errors.add(new FieldError("media_url", "must be an http or https URL"));
    }
    if (!errors.isEmpty()) {
      return new Translation(null, errors);
    }
    JsonObject event =
        new JsonObject()
            .put("gridCode", grid.code())
            .put("category", service.get().code())
            .put("title", title(service.get(), description))
            .put("description", description)
            .put("location", new JsonObject().put("lat", lat).put("lon", lon))
            .put("reportedAt", clock.instant().toString())
            .put("source", "open311");
    JsonObject reporter = new JsonObject();
    String name = fullName(text(fields, "first_name"), text(fields, "last_name"));
    if (name != null) {
      reporter.put("name", name);
    }
    String phone = text(fields, "phone");
    if (phone != null) {
      reporter.put("phone", phone);
    }
    if (!reporter.isEmpty()) {
      event.put("reporter", reporter);
    }
    if (media != null) {
      event.put("attachments", new JsonArray().add(media));
    }
    return new Translation(event, List.of());
  }

  /** The intake's errors, named by the Open311 fields they come from. */
  static List<FieldError> open311Errors(List<FieldError> intakeErrors) {
    return intakeErrors.stream()
        .map(e -> new FieldError(FIELDS.getOrDefault(e.field(), e.field()), e.message()))
        .toList();
  }

  /** The service name and the start of the description, e.g. "道路破损：人行道砖块松动…". */
  static String title(Category service, String description) {
    int length = description.codePointCount(0, description.length());
    String excerpt =
        length <= TITLE_EXCERPT
            ? description
            : description.substring(0, description.offsetByCodePoints(0, TITLE_EXCERPT)) + "…";
    return service.name() + "：" + excerpt.replaceAll("\\s+", " ");
  }

  /**
   * A Chinese name is family name then given name, with no space (王 + 小明 → 王小明); any other is
   * "first last".
   */
  static String fullName(String first, String last) {
    if (first == null || last == null) {
      return first == null ? last : first;
    }
    return isHan(first) && isHan(last) ? last + first : first + " " + last;
  }

  private Optional<Category> service(JsonObject fields, List<FieldError> errors) {
    String code = text(fields, "service_code");
    if (code == null) {
      errors.add(new FieldError("service_code", "is required: a code of services.json"));
      return Optional.empty();
    }
    Optional<Category> service = district.category(code);
    if (service.isEmpty()) {
      errors.add(
          new FieldError("service_code", "is not a service of GET /open311/v2/services.json"));
    }
    return service;
  }

  private static Double coordinate(
      JsonObject fields, String field, double limit, boolean hasAddress, List<FieldError> errors) {
    String value = text(fields, field);
    if (value == null) {
      errors.add(
          new FieldError(
              field,
              hasAddress
                  ? "is required: this server places a request by its point (lat and long);"
                      + " address_string alone is not located"
                  : "is required (with " + (field.equals("lat") ? "long" : "lat") + ")"));
      return null;
    }
    try {
      double d = Double.parseDouble(value);
      if (d >= -limit && d <= limit) {
        return d;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    errors.add(
        new FieldError(field, "must be a number of degrees from -" + limit + " to " + limit));
    return null;
  }

  private Grid grid(LatLon point, List<FieldError> errors) {
    Optional<Grid> grid =
        district.contains(point)
            ? district.gridNear(point, EventIntake.MAX_METRES_FROM_GRID)
            : Optional.empty();
    if (grid.isEmpty()) {
      String message = "with lat and long, must be a point inside district " + District.CODE;
      errors.add(new FieldError("lat", message));
      errors.add(new FieldError("long", message));
    }
    return grid.orElse(null);
  }

  /** A field's text, trimmed; null when absent or blank. Numbers are taken as their text. */
  static String text(JsonObject fields, String field) {
    Object value = fields.getValue(field);
    if (value == null) {
      return null;
    }
    String s = value.toString().strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean isWebUrl(String s) {
    try {
      URI uri = new URI(s);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isHan(String s) {
    return s.codePoints()
        .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }
}
