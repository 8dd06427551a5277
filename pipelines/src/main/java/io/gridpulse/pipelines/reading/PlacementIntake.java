package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.seeds.Placement;
import io.gridpulse.seeds.PlacementKind;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reading QR placement (书香山东·数字阅读) checked against the district's reference data: the point lies
 * in the district; the town and village are derived from it, or, when given, must be the town the
 * point lies in and one of that town's villages; the kind is one of {@link PlacementKind}; the date
 * is not in the future. The document is indexed under its code into the month it was placed in.
 */
public final class PlacementIntake {
  /** A placement code: letters, digits and '-', 3 to 40 of them. */
  public static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{2,39}");

  public static final List<String> KINDS =
      Arrays.stream(PlacementKind.values()).map(PlacementKind::code).toList();

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();

  private final District district;
  private final Clock clock;

  public PlacementIntake(District district, Clock clock) {
    this.district = district;
    this.clock = clock;
  }

  /** A checked placement (its stream entry and registry record), or what is wrong with it. */
  public record Result(
      StreamEntry entry, PlacementInfo info, JsonObject doc, List<FieldError> errors) {
    public boolean ok() {
      return entry != null;
    }
  }

  /** Checks a volunteer's placement; {@code volunteer} is recorded as who placed it. */
  public Result accept(JsonObject body, String volunteer) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(body, "", errors);
    String code = f.matching("code", false, CODE, "3-40 letters, digits or '-'");
    String name = f.text("name", true, 100);
    String kind = f.oneOf("kind", KINDS);
    if (kind == null && body.getValue("kind") == null) {
      errors.add(new FieldError("kind", "is required (one of " + String.join(", ", KINDS) + ")"));
    }
    Fields at = f.object("location", true);
    Double lat = at == null ? null : at.number("lat", true, -90, 90);
    Double lon = at == null ? null : at.number("lon", true, -180, 180);
    String town = f.text("townCode", false, 20);
    String village = f.text("villageCode", false, 20);
    LocalDate placedOn = date(body, errors);
    Village where = null;
    if (lat != null && lon != null) {
      where = place(new LatLon(lat, lon), town, village, errors);
    }
    if (!errors.isEmpty()) {
      return new Result(null, null, null, errors);
    }
    String id = code == null ? newCode() : code;
    JsonObject doc =
        new JsonObject()
            .put("code", id)
            .put("name", name)
            .put("kind", kind)
            .put("townCode", where.townCode())
            .put("villageCode", where.code())
            .put("location", new JsonObject().put("lat", lat).put("lon", lon))
            .put("placedOn", placedOn.toString())
            .put("volunteer", volunteer)
            .put("source", "volunteer")
            .put("createdAt", clock.instant().toString());
    return built(doc, placedOn, errors);
  }

  /**
   * The document of a seed placement (reference data: already checked by the seeds' loader). Every
   * seed goes to one index, that of {@code month} (the seeds' latest month): a few hundred
   * documents are not worth an index for each month they were placed in.
   */
  public static Result seed(Placement p, Instant now, LocalDate month) {
    JsonObject doc =
        new JsonObject()
            .put("code", p.code())
            .put("name", p.name())
            .put("kind", p.kind().code())
            .put("townCode", p.townCode())
            .put("villageCode", p.villageCode())
            .put(
                "location",
                new JsonObject().put("lat", p.location().lat()).put("lon", p.location().lon()))
            .put("placedOn", p.placedOn().toString())
            .put("source", "seed")
            .put("createdAt", now.toString());
    return built(doc, month, new ArrayList<>());
  }

  /** The document in the index of the month of {@code month} (volunteers': their placedOn). */
  private static Result built(JsonObject doc, LocalDate month, List<FieldError> errors) {
    String code = doc.getString("code");
    LocalDate placedOn = month;
    String index =
        MonthlyIndex.READING_PLACEMENTS.indexFor(
            placedOn.atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant());
    PlacementInfo info =
        new PlacementInfo(
            code, doc.getString("townCode"), doc.getString("villageCode"), doc.getString("kind"));
    return new Result(new StreamEntry(code, index, doc.encode()), info, doc, errors);
  }

  private LocalDate date(JsonObject body, List<FieldError> errors) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), EventIntake.DISTRICT_ZONE);
    Object value = body.getValue("placedOn");
    if (value == null) {
      return today;
    }
    try {
      LocalDate date = LocalDate.parse(String.valueOf(value));
      if (date.isAfter(today)) {
        errors.add(
            new FieldError("placedOn", "must not be in the future (today is " + today + ")"));
      }
      return date;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError("placedOn", "must be a date, e.g. 2026-11-27"));
      return today;
    }
  }

  /** The village of the placement, or null with the errors. */
  private Village place(LatLon p, String town, String village, List<FieldError> errors) {
    if (!district.contains(p)) {
      errors.add(new FieldError("location", "must lie inside the district " + District.CODE));
      return null;
    }
    Optional<Town> pointTown = district.townAt(p);
    if (town != null && district.town(town).isEmpty()) {
      errors.add(new FieldError("townCode", "is not a town of the district: " + town));
      return null;
    }
    if (town != null && pointTown.isPresent() && !pointTown.get().code().equals(town)) {
      errors.add(
          new FieldError(
              "townCode", "the location lies in " + pointTown.get().code() + ", not in " + town));
      return null;
    }
    if (village != null) {
      Optional<Village> v = district.village(village);
      if (v.isEmpty()) {
        errors.add(new FieldError("villageCode", "is not a village or community: " + village));
        return null;
      }
      String owner = town != null ? town : pointTown.map(Town::code).orElse(null);
      if (owner != null && !v.get().townCode().equals(owner)) {
        errors.add(
            new FieldError("villageCode", "is not in the town " + owner + " of the location"));
        return null;
      }
      return v.get();
    }
    Optional<Village> at = district.villageAt(p);
    if (at.isEmpty()) {
      errors.add(new FieldError("location", "lies in no village or community; give villageCode"));
      return null;
    }
    return at.get();
  }

  /** {@code QR-} and ten random characters (no 0/O/1/I). */
  static String newCode() {
    char[] out = new char[10];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return "QR-" + new String(out);
  }
}
