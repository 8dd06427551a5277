package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.PlacementKind;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * When and where the district reads (书香山东·数字阅读): each QR placement is visited at a rate set by its
 * kind (scenic spots and schools most, offices least), more in the evening (19–22 h) and at lunch,
 * and more at the weekend (schools and offices less); a visit is a scan, sometimes a registration
 * of a new reader, then often a reading or listening session of some minutes. Volunteers place new
 * codes now and then (about one every two days). Every draw comes from a stream of the seed and the
 * hour (or day), so the same seed gives the same rows and placements, with the same ids, whichever
 * window asks for them.
 */
public final class ReadingModel {

  /** A placement the model draws visits to. */
  record Place(String code, PlacementKind kind) {}

  /** One activity row, as the mini-program sends it. */
  record Row(String id, String kind, String reader, String placement, Instant at, Integer minutes) {
    JsonObject toJson(Instant stampedAt) {
      JsonObject json =
          new JsonObject()
              .put("id", id)
              .put("kind", kind)
              .put("reader", reader)
              .put("placement", placement)
              .put("at", stampedAt.toString());
      if (minutes != null) {
        json.put("minutes", minutes);
      }
      return json;
    }
  }

  /** A QR code a volunteer of {@code town} places at {@code at}. */
  public record NewPlacement(String code, String kind, String name, Village village, Instant at) {
    JsonObject toJson() {
      return new JsonObject()
          .put("code", code)
          .put("name", name)
          .put("kind", kind)
          .put("villageCode", village.code())
          .put(
              "location",
              new JsonObject().put("lat", village.point().lat()).put("lon", village.point().lon()))
          .put("placedOn", at.atZone(Rhythm.ZONE).toLocalDate().toString());
    }
  }

  /** Visits a day on a plain weekday, by kind of place. */
  private static final Map<PlacementKind, Double> DAILY = daily();

  /** Relative weight of each hour of the day (district time), 0 h to 23 h. */
  private static final double[] HOURS = {
    0.2, 0.1, 0.05, 0.05, 0.05, 0.2, 0.6, 1.2, 1.5, 1.6, 1.6, 1.8, //
    2.5, 2.0, 1.5, 1.5, 1.6, 2.0, 3.0, 4.5, 5.0, 4.5, 2.5, 0.8
  };

  private static final double HOURS_TOTAL = java.util.Arrays.stream(HOURS).sum();

  static final double REGISTER = 0.12;
  static final double READ = 0.45;
  static final double LISTEN = 0.30;

  /** New placements a day, on average. */
  static final double PLACEMENTS_PER_DAY = 0.5;

  private final District district;
  private final long seed;

  public ReadingModel(District district, long seed) {
    this.district = district;
    this.seed = seed;
  }

  private static Map<PlacementKind, Double> daily() {
    Map<PlacementKind, Double> m = new EnumMap<>(PlacementKind.class);
    m.put(PlacementKind.COMMUNITY, 24.0);
    m.put(PlacementKind.VILLAGE, 12.0);
    m.put(PlacementKind.SCHOOL, 30.0);
    m.put(PlacementKind.OFFICE, 8.0);
    m.put(PlacementKind.FIRM, 10.0);
    m.put(PlacementKind.SCENIC, 40.0);
    return m;
  }

  /** The seeds' placements. */
  List<Place> seeded() {
    return district.placements().stream().map(p -> new Place(p.code(), p.kind())).toList();
  }

  /** The weekend's factor for a kind of place: schools and offices are closed, the rest busier. */
  static double dayFactor(PlacementKind kind, DayOfWeek day) {
    boolean weekend = !Rhythm.workingDay(day);
    if (!weekend) {
      return 1.0;
    }
    return kind == PlacementKind.SCHOOL || kind == PlacementKind.OFFICE ? 0.3 : 1.4;
  }

  /** The mean number of visits to a place of {@code kind} in the hour starting at {@code start}. */
  static double visits(PlacementKind kind, Instant start) {
    ZonedDateTime local = start.atZone(Rhythm.ZONE);
    return DAILY.get(kind)
        * HOURS[local.getHour()]
        / HOURS_TOTAL
        * dayFactor(kind, local.getDayOfWeek());
  }

  /** The rows of hour {@code slot} at {@code places}, in time order. */
  List<Row> hour(long slot, List<Place> places) {
    Instant start = EventGenerator.slotStart(slot);
    List<Row> rows = new ArrayList<>();
    for (Place p : places) {
      Random random = Draws.stream(seed, "reading:" + p.code(), slot);
      int visits = Draws.poisson(random, visits(p.kind(), start));
      int pool = (int) Math.max(10, DAILY.get(p.kind()) * 6);
      for (int i = 0; i < visits; i++) {
        String prefix = "rd" + seed + "-" + slot + "-" + p.code() + "-" + i;
        Instant at = start.plusMillis((long) (random.nextDouble() * 3_300_000));
        boolean fresh = random.nextDouble() < REGISTER;
        String reader =
            fresh ? "rdr-" + prefix : "rdr-" + seed + "-" + p.code() + "-" + random.nextInt(pool);
        rows.add(new Row(prefix + "-s", "scan", reader, p.code(), at, null));
        if (fresh) {
          rows.add(new Row(prefix + "-r", "register", reader, p.code(), at.plusSeconds(60), null));
        }
        double session = random.nextDouble();
        if (session < READ) {
          int minutes = 5 + random.nextInt(56);
          rows.add(new Row(prefix + "-m", "read", reader, p.code(), at.plusSeconds(180), minutes));
        } else if (session < READ + LISTEN) {
          int minutes = 5 + random.nextInt(41);
          rows.add(
              new Row(prefix + "-m", "listen", reader, p.code(), at.plusSeconds(180), minutes));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::at).thenComparing(Row::id));
    return rows;
  }

  /** The codes volunteers place on {@code day} (district date), with when. */
  public List<NewPlacement> placements(LocalDate day) {
    Random random = Draws.stream(seed, "reading:placements", day.toEpochDay());
    int n = Draws.poisson(random, PLACEMENTS_PER_DAY);
    List<NewPlacement> out = new ArrayList<>();
    List<Town> towns = district.towns();
    PlacementKind[] kinds = {
      PlacementKind.COMMUNITY, PlacementKind.VILLAGE, PlacementKind.SCHOOL, PlacementKind.FIRM
    };
    for (int i = 0; i < n; i++) {
      Town town = towns.get(random.nextInt(towns.size()));
      List<Village> villages = district.villagesOf(town.code());
      Village village = villages.get(random.nextInt(villages.size()));
      PlacementKind kind = kinds[random.nextInt(kinds.length)];
      Instant at =
          day.atTime(9 + random.nextInt(9), random.nextInt(60)).atZone(Rhythm.ZONE).toInstant();
      out.add(
          new NewPlacement(
              "SIM" + seed + "-" + day.toEpochDay() + "-" + i,
              kind.code(),
              village.shortName() + "读书角",
              village,
              at));
    }
    out.sort(Comparator.comparing(NewPlacement::at));
    return out;
  }
}
