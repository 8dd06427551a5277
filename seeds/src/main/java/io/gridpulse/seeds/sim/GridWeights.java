package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.GridKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * How much each grid reports. An urban grid (a street's or the market centre's) reports {@value
 * #URBAN} event-units, a township grid {@value #TOWNSHIP}: urban grids report twice as densely. A
 * special grid (school, hospital, market, firm) reports {@value #SPECIAL} times a basic grid of its
 * area. {@value #URBAN_HOTSPOTS} urban and {@value #TOWNSHIP_HOTSPOTS} township grids, drawn from
 * the seed, are persistent hotspots at 3–6 times their kind's rate.
 */
final class GridWeights {

  static final double URBAN = 1.0;
  static final double TOWNSHIP = 0.5;
  static final double SPECIAL = 1.2;
  static final int URBAN_HOTSPOTS = 18;
  static final int TOWNSHIP_HOTSPOTS = 6;
  static final double HOTSPOT_MIN = 3;
  static final double HOTSPOT_MAX = 6;

  /** Half of a hotspot's extra events are of its signature category. */
  static final double HOTSPOT_SIGNATURE_SHARE = 0.5;

  private static final List<String> URBAN_SIGNATURES =
      List.of(
          "illegal-parking",
          "street-vending",
          "sanitation",
          "noise",
          "property-management",
          "fire-hazard");
  private static final List<String> TOWNSHIP_SIGNATURES =
      List.of("sanitation", "illegal-building", "pollution", "land-dispute", "road-damage");

  private final Map<String, Hotspot> hotspots;
  private final Weighted<Grid> all;
  private final double urbanShare;

  GridWeights(District district, long seed) {
    Random random = Draws.stream(seed, "hotspots", 0);
    Map<String, Hotspot> chosen = new LinkedHashMap<>();
    chooseHotspots(district, true, URBAN_HOTSPOTS, URBAN_SIGNATURES, random, chosen);
    chooseHotspots(district, false, TOWNSHIP_HOTSPOTS, TOWNSHIP_SIGNATURES, random, chosen);
    List<Hotspot> sorted = new ArrayList<>(chosen.values());
    sorted.sort(Comparator.comparing(h -> h.grid().code()));
    Map<String, Hotspot> byCode = new LinkedHashMap<>();
    sorted.forEach(h -> byCode.put(h.grid().code(), h));
    this.hotspots = Collections.unmodifiableMap(byCode);
    this.all = Weighted.of(district.grids(), this::weight);
    double urban =
        district.grids().stream().filter(g -> g.kind().urban()).mapToDouble(this::weight).sum();
    this.urbanShare = urban / all.total();
  }

  private static void chooseHotspots(
      District district,
      boolean urban,
      int count,
      List<String> signatures,
      Random random,
      Map<String, Hotspot> into) {
    List<Grid> candidates =
        new ArrayList<>(district.grids().stream().filter(g -> g.kind().urban() == urban).toList());
    Collections.shuffle(candidates, random);
    List<String> known = signatures.stream().filter(c -> district.category(c).isPresent()).toList();
    for (Grid grid : candidates.subList(0, Math.min(count, candidates.size()))) {
      double multiplier = Math.round(Draws.between(random, HOTSPOT_MIN, HOTSPOT_MAX) * 10) / 10.0;
      String signature = known.isEmpty() ? null : known.get(random.nextInt(known.size()));
      into.put(grid.code(), new Hotspot(grid, multiplier, signature));
    }
  }

  /** The weight of a grid of {@code kind} that is no hotspot. */
  static double base(GridKind kind) {
    return (kind.urban() ? URBAN : TOWNSHIP) * (kind.special() ? SPECIAL : 1);
  }

  /** The weight of {@code grid}, hotspots included. */
  double weight(Grid grid) {
    Hotspot hotspot = hotspots.get(grid.code());
    return base(grid.kind()) * (hotspot == null ? 1 : hotspot.multiplier());
  }

  /** Every grid, in proportion to its weight. */
  Weighted<Grid> all() {
    return all;
  }

  Optional<Hotspot> hotspot(String gridCode) {
    return Optional.ofNullable(hotspots.get(gridCode));
  }

  List<Hotspot> hotspots() {
    return List.copyOf(hotspots.values());
  }

  /** The share of the background volume reported in urban grids (≈ 0.81). */
  double urbanShare() {
    return urbanShare;
  }
}
