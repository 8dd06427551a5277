package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Geometries;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.Town;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bursts of each day, drawn from the seed and the date (so a day always has the same bursts).
 *
 * <ul>
 *   <li><b>Rainstorms</b> (暴雨积水): on a day of month m with probability {@link #RAIN_CHANCE}[m] (22
 *       % of July days, 1 % of January days), a town (drawn in proportion to its grids' weight)
 *       gets 4–8 % of a weekday's volume as extra reports within a cluster of its 12–30 nearest
 *       grids, starting between 6 h and 20 h and tailing off over 2–3.5 hours, mostly flooding (70
 *       %), manholes, road damage, power. Half the time a second town gets half as many.
 *   <li><b>Sweeps</b> (集中排查整治日): on a working day with probability 1/40 (about six a year), a
 *       district-wide inspection adds 3.5–4.5 weekdays' volume between 8 h and 18 h: a busy day of
 *       10,000+ events at the default rate. 70 % of its reports are of the sweep's theme (safety,
 *       environment, or food and markets), the rest of the normal mix.
 * </ul>
 */
final class BurstPlanner {

  /** The chance of a rainstorm day, January to December (the rainy season is July–August). */
  static final double[] RAIN_CHANCE = {
    0.01, 0.01, 0.02, 0.04, 0.06, 0.10, 0.22, 0.20, 0.08, 0.03, 0.01, 0.01
  };

  static final double RAIN_MAIN_MIN = 0.04;
  static final double RAIN_MAIN_MAX = 0.08;
  static final double RAIN_SECOND_CHANCE = 0.5;
  static final double RAIN_SECOND_MIN = 0.02;
  static final double RAIN_SECOND_MAX = 0.04;
  static final int RAIN_FIRST_HOUR = 6;
  static final int RAIN_LAST_HOUR = 20;
  static final double RAIN_MIN_HOURS = 2;
  static final double RAIN_MAX_HOURS = 3.5;
  static final int CLUSTER_MIN = 12;
  static final int CLUSTER_MAX = 30;
  static final Map<String, Integer> RAIN_MIX =
      ordered(
          "flooding", 70,
          "manholes", 10,
          "road-damage", 8,
          "power-supply", 5,
          "street-lights", 4,
          "traffic-safety", 3);

  static final double SWEEP_CHANCE = 1 / 40.0;
  static final double SWEEP_MIN = 3.7;
  static final double SWEEP_MAX = 4.5;
  static final int SWEEP_FIRST_HOUR = 8;
  static final int SWEEP_END_HOUR = 18;
  static final double SWEEP_THEME_SHARE = 0.7;

  /** A sweep's theme: its name and the categories it turns up. */
  record Theme(String label, Map<String, Integer> mix) {}

  static final List<Theme> SWEEP_THEMES =
      List.of(
          new Theme(
              "安全隐患大排查",
              ordered(
                  "fire-hazard", 35,
                  "safety-hazard", 25,
                  "gas-safety", 20,
                  "traffic-safety", 15,
                  "power-supply", 5)),
          new Theme(
              "城乡环境集中整治",
              ordered(
                  "sanitation", 40,
                  "street-vending", 15,
                  "illegal-parking", 15,
                  "illegal-building", 10,
                  "public-facilities", 10,
                  "greening", 10)),
          new Theme(
              "食品市场专项检查",
              ordered("food-safety", 45, "unlicensed-business", 35, "street-vending", 20)));

  private static final int CACHED_DAYS = 8;

  private final District district;
  private final long seed;
  private final double baseDaily;
  private final boolean enabled;
  private final Weighted<Town> towns;
  private final Map<String, List<Grid>> gridsByTown;
  private final Weighted<Grid> allGrids;
  private final Weighted<String> rainMix;
  private final Map<LocalDate, List<Burst>> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LocalDate, List<Burst>> eldest) {
              return size() > CACHED_DAYS;
            }
          });

  BurstPlanner(District district, long seed, double baseDaily, boolean enabled) {
    this.district = district;
    this.seed = seed;
    this.baseDaily = baseDaily;
    this.enabled = enabled;
    Map<String, List<Grid>> byTown = new LinkedHashMap<>();
    district
        .grids()
        .forEach(g -> byTown.computeIfAbsent(g.townCode(), k -> new ArrayList<>()).add(g));
    this.gridsByTown = byTown;
    this.towns =
        Weighted.of(
            district.towns(),
            t ->
                byTown.getOrDefault(t.code(), List.of()).stream()
                    .mapToDouble(g -> GridWeights.base(g.kind()))
                    .sum());
    this.allGrids = Weighted.of(district.grids(), g -> GridWeights.base(g.kind()));
    this.rainMix = known(RAIN_MIX);
  }

  /** The expected extra volume of an average day, in weekdays' volume (≈ 0.078). */
  static double meanExtraPerDay() {
    int days = Year.of(2001).length();
    double rainyDays = 0;
    for (Month m : Month.values()) {
      rainyDays += RAIN_CHANCE[m.ordinal()] * m.length(false);
    }
    double rain =
        rainyDays
            / days
            * ((RAIN_MAIN_MIN + RAIN_MAIN_MAX) / 2
                + RAIN_SECOND_CHANCE * (RAIN_SECOND_MIN + RAIN_SECOND_MAX) / 2);
    double sweep = 5.0 / 7 * SWEEP_CHANCE * (SWEEP_MIN + SWEEP_MAX) / 2;
    return rain + sweep;
  }

  /**
   * The bursts of {@code day} (district date), in a fixed order; none when bursts are off. A burst
   * never outlasts its day.
   */
  List<Burst> plan(LocalDate day) {
    if (!enabled) {
      return List.of();
    }
    return cache.computeIfAbsent(day, this::draw);
  }

  private List<Burst> draw(LocalDate day) {
    Random random = Draws.stream(seed, "day", day.toEpochDay());
    List<Burst> bursts = new ArrayList<>();
    double rain = random.nextDouble();
    double sweep = random.nextDouble();
    if (rain < RAIN_CHANCE[day.getMonthValue() - 1] && rainMix != null) {
      Town first = towns.pick(random);
      int startMinute = (int) (Draws.between(random, RAIN_FIRST_HOUR, RAIN_LAST_HOUR) * 60);
      double size = Draws.between(random, RAIN_MAIN_MIN, RAIN_MAIN_MAX);
      bursts.add(rainstorm(day, first, startMinute, size, random));
      if (random.nextDouble() < RAIN_SECOND_CHANCE) {
        Town second = towns.pick(random);
        int secondStart = startMinute + (int) Draws.between(random, -30, 90);
        double secondSize = Draws.between(random, RAIN_SECOND_MIN, RAIN_SECOND_MAX);
        if (!second.code().equals(first.code())) {
          bursts.add(rainstorm(day, second, secondStart, secondSize, random));
        }
      }
    }
    if (sweep < SWEEP_CHANCE && Rhythm.workingDay(day.getDayOfWeek())) {
      Theme theme = SWEEP_THEMES.get(random.nextInt(SWEEP_THEMES.size()));
      Weighted<String> mix = known(theme.mix());
      if (mix != null) {
        bursts.add(
            new Burst(
                Burst.Kind.SWEEP,
                theme.label(),
                null,
                at(day, SWEEP_FIRST_HOUR * 60),
                at(day, SWEEP_END_HOUR * 60),
                Draws.between(random, SWEEP_MIN, SWEEP_MAX) * baseDaily,
                allGrids,
                mix,
                SWEEP_THEME_SHARE,
                Sources.SWEEP));
      }
    }
    return List.copyOf(bursts);
  }

  private Burst rainstorm(LocalDate day, Town town, int startMinute, double size, Random random) {
    List<Grid> grids = gridsByTown.get(town.code());
    Grid centre = Weighted.of(grids, g -> GridWeights.base(g.kind())).pick(random);
    int k = Math.min(grids.size(), CLUSTER_MIN + random.nextInt(CLUSTER_MAX - CLUSTER_MIN + 1));
    List<Grid> cluster =
        grids.stream()
            .sorted(
                Comparator.comparingDouble(
                        (Grid g) -> Geometries.haversineMetres(g.centroid(), centre.centroid()))
                    .thenComparing(Grid::code))
            .limit(k)
            .toList();
    long minutes = Math.round(Draws.between(random, RAIN_MIN_HOURS, RAIN_MAX_HOURS) * 60);
    Instant start = at(day, startMinute);
    Instant end = start.plus(Duration.ofMinutes(minutes));
    Instant midnight = at(day, 24 * 60);
    return new Burst(
        Burst.Kind.RAINSTORM,
        "暴雨积水",
        town.code(),
        start,
        end.isAfter(midnight) ? midnight : end,
        size * baseDaily,
        Weighted.of(cluster, g -> 1),
        rainMix,
        1,
        Sources.RAINSTORM);
  }

  private static Instant at(LocalDate day, int minuteOfDay) {
    return day.atStartOfDay(Rhythm.ZONE).plusMinutes(minuteOfDay).toInstant();
  }

  /** The mix restricted to the district's categories; null when none of them exists. */
  private Weighted<String> known(Map<String, Integer> mix) {
    List<String> codes =
        mix.keySet().stream().filter(c -> district.category(c).isPresent()).toList();
    return codes.isEmpty() ? null : Weighted.of(codes, mix::get);
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
