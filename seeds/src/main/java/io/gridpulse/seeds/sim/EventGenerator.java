package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Geometries;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.GridWorker;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.seeds.Phones;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * The grid events 东昌府区 would report in a window of time: deterministic from the seed, the same
 * events for an hour whichever window asks for it, so a re-run (or the simulator after the
 * backfill) posts the same ids and the server counts nothing twice.
 *
 * <h2>The distribution</h2>
 *
 * <ul>
 *   <li><b>Volume.</b> {@link GeneratorConfig#ratePerDay()} (default 2,100, the district's
 *       published average) is the long-run mean of events a day, bursts included. A plain weekday
 *       (Tuesday to Thursday) without bursts has {@code B = rate / (0.871 + 0.078)} ≈ 2,211 events
 *       on average; the counts are Poisson around the model's intensity, hour by hour.
 *   <li><b>Week.</b> Monday 1.05 B, Tuesday–Thursday 1.0 B, Friday 0.95 B, Saturday 0.6 B, Sunday
 *       0.5 B ({@link Rhythm}). Public holidays are not modelled.
 *   <li><b>Day.</b> Hour-of-day shares (district time) from {@link Rhythm}: 0–6 h together under 3
 *       %; peaks at 9–11 h (10 h: 10.2 %) and 14–16 h (15 h: 9.6 %); a lunch dip at 12–13 h;
 *       evening requests tail off after 18 h.
 *   <li><b>Where.</b> An urban grid reports twice as much as a township grid (weights 1.0 and 0.5);
 *       special grids 1.2 times a basic grid of their area. Urban grids thus carry ≈ 81 % of the
 *       volume. 24 persistent hotspots (18 urban, 6 township, drawn from the seed) report 3–6 times
 *       their kind's rate, half of the extra in a signature category ({@link Hotspot}).
 *   <li><b>What.</b> Category shares are the categories' {@code weight} over the sum of weights
 *       (sanitation 13 %, illegal parking 7.4 %, street vending 6.5 % …). Categories lean urban or
 *       township ({@code event-texts.json}) without changing their overall share ({@link
 *       CategoryMix}).
 *   <li><b>Who.</b> Source {@code terminal} 75 %, {@code red-mailbox} 15 %, {@code hotline} 6 %,
 *       {@code patrol} 4 %. Terminal events name the grid's worker; residents get a surname, 先生 or
 *       女士 and a fake number 155-0009-xxxx.
 *   <li><b>Bursts</b> ({@link BurstPlanner}): rainstorms (water-logging in a cluster of grids of
 *       one town over 2–3.5 hours, mostly July–August) and sweep days (district-wide inspections of
 *       about 10,000 events, about six working days a year). Together they add ≈ 8 % to the long
 *       run.
 * </ul>
 *
 * <p>Every location is a point inside its grid's polygon and the district, to 6 decimals. Titles
 * read {@code <grid name> <phrase>} ({@code 古城社区第1网格 垃圾堆放未清运}).
 *
 * <p>Thread-safe: the generator holds no mutable state but a small cache of day plans.
 */
public final class EventGenerator {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final DateTimeFormatter HOUR_STAMP =
      DateTimeFormatter.ofPattern("uuuuMMddHH", Locale.ROOT).withZone(Rhythm.ZONE);
  private static final int POINT_ATTEMPTS = 200;
  private static final int TITLE_MAX = 200;

  private final District district;
  private final GeneratorConfig config;
  private final EventTexts texts;
  private final GridWeights weights;
  private final CategoryMix mix;
  private final BurstPlanner planner;
  private final double baseDaily;
  private final Map<String, GridWorker> workerByGrid;
  private final Map<String, List<GridWorker>> workersByVillage;

  public EventGenerator(District district, GeneratorConfig config) {
    this.district = district;
    this.config = config;
    this.texts = EventTexts.load();
    this.weights = new GridWeights(district, config.seed());
    this.mix = new CategoryMix(district.categories(), texts, weights.urbanShare());
    double burstShare = config.bursts() ? BurstPlanner.meanExtraPerDay() : 0;
    this.baseDaily = config.ratePerDay() / (Rhythm.meanDayFactor() + burstShare);
    this.planner = new BurstPlanner(district, config.seed(), baseDaily, config.bursts());
    this.workerByGrid = new LinkedHashMap<>();
    this.workersByVillage = new LinkedHashMap<>();
    for (GridWorker w : district.workers()) {
      workerByGrid.put(w.gridCode(), w);
      workersByVillage
          .computeIfAbsent(w.gridCode().substring(0, 12), k -> new ArrayList<>())
          .add(w);
    }
  }

  public GeneratorConfig config() {
    return config;
  }

  public District district() {
    return district;
  }

  /** The mean volume of a plain weekday without bursts (B in the class comment). */
  public double baseDaily() {
    return baseDaily;
  }

  /** The persistent hotspots of this seed, by grid code. */
  public List<Hotspot> hotspots() {
    return weights.hotspots();
  }

  /** The configured share of each category, by code. */
  public Map<String, Double> categoryShares() {
    return mix.shares();
  }

  /** The bursts of a district day. */
  List<Burst> bursts(LocalDate day) {
    return planner.plan(day);
  }

  // ---------------------------------------------------------------- windows

  /** The events reported in {@code [from, to)}, in time order. */
  public List<SimEvent> generate(Instant from, Instant to) {
    List<SimEvent> events = new ArrayList<>();
    for (long slot = slotOf(from); slotStart(slot).isBefore(to); slot++) {
      for (SimEvent e : hour(slot)) {
        if (!e.reportedAt().isBefore(from) && e.reportedAt().isBefore(to)) {
          events.add(e);
        }
      }
    }
    return events;
  }

  /** How many events {@link #generate} gives for {@code [from, to)}, without building them all. */
  public long count(Instant from, Instant to) {
    long count = 0;
    for (long slot = slotOf(from); slotStart(slot).isBefore(to); slot++) {
      Instant start = slotStart(slot);
      if (start.isBefore(from) || start.plus(HOUR).isAfter(to)) {
        count += generate(later(from, start), earlier(to, start.plus(HOUR))).size();
      } else {
        count += counts(slot, Draws.stream(config.seed(), "hour", slot)).total();
      }
    }
    return count;
  }

  /**
   * The model's expected number of events in {@code [from, to)} (bursts of those days included).
   */
  public double expectedCount(Instant from, Instant to) {
    double expected = 0;
    for (long slot = slotOf(from); slotStart(slot).isBefore(to); slot++) {
      Instant start = slotStart(slot);
      Instant a = later(from, start);
      Instant b = earlier(to, start.plus(HOUR));
      double fraction = Duration.between(a, b).getSeconds() / (double) HOUR.getSeconds();
      ZonedDateTime local = start.atZone(Rhythm.ZONE);
      expected += background(local) * fraction;
      for (Burst burst : planner.plan(local.toLocalDate())) {
        expected += burst.massIn(a, b);
      }
    }
    return expected;
  }

  /** The whole hour slot {@code slot} (hours since the epoch), in time order. */
  public List<SimEvent> hour(long slot) {
    Instant from = slotStart(slot);
    Instant to = from.plus(HOUR);
    Random random = Draws.stream(config.seed(), "hour", slot);
    Counts counts = counts(slot, random);
    List<Draft> drafts = new ArrayList<>(counts.total());
    for (int i = 0; i < counts.background(); i++) {
      drafts.add(backgroundEvent(random, from));
    }
    for (int b = 0; b < counts.bursts().size(); b++) {
      Burst burst = counts.bursts().get(b);
      for (int i = 0; i < counts.perBurst()[b]; i++) {
        drafts.add(burstEvent(random, burst, from, to));
      }
    }
    drafts.sort(Comparator.comparingLong(Draft::second));
    String prefix = config.idPrefix() + "-" + HOUR_STAMP.format(from) + "-";
    List<SimEvent> events = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      events.add(drafts.get(i).event(prefix + String.format(Locale.ROOT, "%04d", i)));
    }
    return events;
  }

  public static long slotOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), HOUR.getSeconds());
  }

  public static Instant slotStart(long slot) {
    return Instant.ofEpochSecond(slot * HOUR.getSeconds());
  }

  // ---------------------------------------------------------------- one hour

  /** The counts of an hour: drawn first, so that counting needs no events. */
  private record Counts(int background, List<Burst> bursts, int[] perBurst) {
    int total() {
      int total = background;
      for (int n : perBurst) {
        total += n;
      }
      return total;
    }
  }

  private Counts counts(long slot, Random random) {
    Instant from = slotStart(slot);
    ZonedDateTime local = from.atZone(Rhythm.ZONE);
    List<Burst> bursts = planner.plan(local.toLocalDate());
    int background = Draws.poisson(random, background(local));
    int[] perBurst = new int[bursts.size()];
    for (int b = 0; b < bursts.size(); b++) {
      perBurst[b] = Draws.poisson(random, bursts.get(b).massIn(from, from.plus(HOUR)));
    }
    return new Counts(background, bursts, perBurst);
  }

  /** The expected background events of the hour starting at {@code local}. */
  private double background(ZonedDateTime local) {
    return baseDaily * Rhythm.dayFactor(local.getDayOfWeek()) * Rhythm.hourShare(local.getHour());
  }

  private Draft backgroundEvent(Random random, Instant from) {
    Grid grid = weights.all().pick(random);
    String category = null;
    var hotspot = weights.hotspot(grid.code());
    if (hotspot.isPresent() && hotspot.get().signature() != null) {
      if (random.nextDouble() < hotspot.get().signatureShare()) {
        category = hotspot.get().signature();
      }
    }
    if (category == null) {
      category = mix.pick(grid.kind().urban(), random);
    }
    long second = from.getEpochSecond() + random.nextInt((int) HOUR.getSeconds());
    return draft(random, grid, category, second, Sources.NORMAL, null);
  }

  private Draft burstEvent(Random random, Burst burst, Instant from, Instant to) {
    Grid grid = burst.grids().pick(random);
    String category =
        random.nextDouble() < burst.themeShare()
            ? burst.categories().pick(random)
            : mix.pick(grid.kind().urban(), random);
    long second = burst.sampleSecond(random, from, to);
    return draft(random, grid, category, second, burst.sources(), burst);
  }

  /** Everything but the id, which depends on the rank of the event within its hour. */
  private record Draft(
      long second,
      Grid grid,
      String category,
      String title,
      String description,
      LatLon location,
      String source,
      SimEvent.Reporter reporter) {

    SimEvent event(String id) {
      return new SimEvent(
          id,
          grid.code(),
          category,
          title,
          description,
          location,
          Instant.ofEpochSecond(second),
          source,
          reporter,
          List.of());
    }
  }

  private Draft draft(
      Random random,
      Grid grid,
      String category,
      long second,
      Weighted<String> sources,
      Burst burst) {
    LatLon location = pointIn(grid, random);
    String source = sources.pick(random);
    SimEvent.Reporter reporter = reporter(grid, source, random);
    List<String> phrases = texts.of(district.category(category).orElseThrow()).titles();
    String phrase = phrases.get(random.nextInt(phrases.size()));
    String title = clip(grid.name() + " " + phrase, TITLE_MAX);
    String template =
        burst == null || Sources.resident(source)
            ? texts.description(source)
            : texts.burstDescription(burst.kind().name().toLowerCase(Locale.ROOT));
    Village village = district.village(grid.villageCode()).orElseThrow();
    String town = district.town(grid.townCode()).map(Town::name).orElse("");
    String description =
        template
            .replace("{phrase}", phrase)
            .replace("{reporter}", reporter == null ? "" : reporter.name())
            .replace("{place}", town + grid.name())
            .replace("{grid}", grid.name())
            .replace("{village}", village.shortName())
            .replace("{town}", town)
            .replace("{label}", burst == null ? "" : burst.label());
    return new Draft(second, grid, category, title, description, location, source, reporter);
  }

  private SimEvent.Reporter reporter(Grid grid, String source, Random random) {
    if (Sources.resident(source)) {
      String name =
          texts.surnames().get(random.nextInt(texts.surnames().size()))
              + texts.honorifics().get(random.nextInt(texts.honorifics().size()));
      return new SimEvent.Reporter(name, Phones.fake(9, random.nextInt(10_000)));
    }
    if (Sources.PATROL.equals(source)) {
      return null;
    }
    GridWorker worker = workerByGrid.get(grid.code());
    if (worker == null) {
      List<GridWorker> nearby = workersByVillage.getOrDefault(grid.villageCode(), List.of());
      worker = nearby.isEmpty() ? null : nearby.get(random.nextInt(nearby.size()));
    }
    return worker == null ? null : new SimEvent.Reporter(worker.name(), worker.phone());
  }

  /** A point inside the grid's polygon and the district, to the seeds' 6 decimals. */
  private LatLon pointIn(Grid grid, Random random) {
    Polygon polygon = grid.polygon();
    Envelope box = polygon.getEnvelopeInternal();
    for (int attempt = 0; attempt < POINT_ATTEMPTS; attempt++) {
      LatLon p =
          new LatLon(
              Geometries.round(Draws.between(random, box.getMinY(), box.getMaxY())),
              Geometries.round(Draws.between(random, box.getMinX(), box.getMaxX())));
      if (SimplePointInAreaLocator.locate(p.coordinate(), polygon) != Location.EXTERIOR
          && district.contains(p)) {
        return p;
      }
    }
    return Geometries.rounded(polygon.getInteriorPoint().getCoordinate());
  }

  private static String clip(String text, int max) {
    return text.codePointCount(0, text.length()) <= max
        ? text
        : text.substring(0, text.offsetByCodePoints(0, max));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
