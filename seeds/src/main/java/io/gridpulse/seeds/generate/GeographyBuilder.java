package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Geometries;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.GridKind;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.Village;
import io.gridpulse.seeds.VillageKind;
import io.gridpulse.seeds.generate.Sources.TownRow;
import io.gridpulse.seeds.generate.Sources.VillageRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.coverage.CoverageSimplifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;

/**
 * The synthetic geometry of the district, all of it reproducible from {@link Randoms#SEED}:
 *
 * <ol>
 *   <li>a seat per town-level unit ({@link TownLayout}), town areas = the Voronoi partition of the
 *       district boundary around the seats;
 *   <li>village points inside their town's area (communities of the streets drawn towards the city
 *       centre, villages of a town towards its seat), village areas = the Voronoi partition of the
 *       town area around them;
 *   <li>as many grid seeds in each village area as {@link GridPlan} says, grid polygons = the
 *       Voronoi partition of the village area around them;
 *   <li>the bisectors of all three levels and the district boundary noded together once, each
 *       boundary present once, so that grids, villages and towns are unions of the same faces:
 *       every grid lies exactly in its village, every village in its town, and the town areas tile
 *       the district without gaps or overlaps.
 * </ol>
 */
final class GeographyBuilder {

  /** Degrees of latitude per kilometre. */
  private static final double LAT_PER_KM = 1 / 111.195;

  /** Degrees of longitude per kilometre at the district's latitude. */
  private static final double LON_PER_KM =
      LAT_PER_KM / StrictMath.cos(StrictMath.toRadians(TownLayout.CENTRE_LAT));

  private static final Coordinate CENTRE =
      new Coordinate(TownLayout.CENTRE_LON, TownLayout.CENTRE_LAT);

  /** Faces of the final noding thinner than this (4πA/P²) are slivers of snapping. */
  private static final double SLIVER = 0.02;

  /** How far beyond a region its bisectors are kept, as a share of its size. */
  private static final double MARGIN = 0.02;

  /** Distance tolerance (degrees) of straightening shared edges: about 5 m. */
  private static final double STRAIGHTEN = 5e-5;

  /** The geometry, as the model's records. */
  record Geography(Polygon district, List<Town> towns, List<Village> villages, List<Grid> grids) {}

  private final Sources sources;
  private final GridPlan plan;
  private final Progress progress;

  GeographyBuilder(Sources sources, GridPlan plan, Progress progress) {
    this.sources = sources;
    this.plan = plan;
    this.progress = progress;
  }

  Geography build() {
    Polygon district = sources.boundary();
    List<TownRow> towns = sources.towns();

    progress.step("placing " + towns.size() + " town seats and partitioning the district");
    List<Coordinate> seats = towns.stream().map(t -> seat(t, district)).toList();
    List<Polygon> townAreas = Partition.voronoi(district, seats);

    progress.step("placing " + sources.villages().size() + " villages and partitioning each town");
    VillageLayout villages = placeVillages(towns, seats, townAreas);

    progress.step("laying out grids in " + villages.rows().size() + " villages");
    GridLayout grids = layOutGrids(villages);

    progress.step("noding " + grids.cells().size() + " grid polygons into one coverage");
    List<Geometry> lines = new ArrayList<>();
    lines.add(district.getBoundary());
    lines.add(Partition.diagram(seats, district.getEnvelopeInternal(), MARGIN));
    lines.addAll(villages.lines());
    lines.addAll(grids.lines());
    Coverage coverage = harmonise(district, lines, grids.cells(), grids.specs());
    int[] villageOf = grids.specs().stream().mapToInt(GridSpec::village).toArray();
    Map<String, Integer> townIndex = new LinkedHashMap<>();
    towns.forEach(t -> townIndex.put(t.code(), townIndex.size()));
    int[] townOf = villages.rows().stream().mapToInt(v -> townIndex.get(v.townCode())).toArray();

    progress.step("straightening shared edges and checking the geometry");
    List<Polygon> gridAreas = straighten(coverage.parts());
    return new Geography(
        district,
        towns(towns, seats, Coverage.unions(gridAreas, g -> townOf[villageOf[g]], towns.size())),
        villages(
            villages.rows(),
            villages.points(),
            Coverage.unions(gridAreas, g -> villageOf[g], villages.rows().size())),
        grids(grids.specs(), villages.rows(), gridAreas));
  }

  /**
   * Drops the vertices that snapping and crossing bisectors leave inside shared edges (every shared
   * edge is straight between the points where three parts meet), keeping the coverage exact and the
   * district boundary as it is.
   */
  private static List<Polygon> straighten(List<Polygon> grids) {
    Geometry[] simplified =
        CoverageSimplifier.simplifyInner(grids.toArray(Geometry[]::new), STRAIGHTEN);
    List<Polygon> result = new ArrayList<>();
    for (Geometry g : simplified) {
      if (!(g instanceof Polygon polygon) || !polygon.isValid()) {
        throw new IllegalStateException("straightening broke a grid polygon: " + g);
      }
      result.add(Geometries.canonical(polygon));
    }
    return result;
  }

  /** The villages in town order, with their points, (first) areas and bisectors. */
  private record VillageLayout(
      List<VillageRow> rows, List<Coordinate> points, List<Polygon> areas, List<Geometry> lines) {}

  /** The grids of all villages in order, with their (first) cells and bisectors. */
  private record GridLayout(List<GridSpec> specs, List<Polygon> cells, List<Geometry> lines) {}

  private VillageLayout placeVillages(
      List<TownRow> towns, List<Coordinate> seats, List<Polygon> townAreas) {
    Map<String, List<VillageRow>> byTown = new LinkedHashMap<>();
    towns.forEach(t -> byTown.put(t.code(), new ArrayList<>()));
    sources.villages().forEach(v -> byTown.get(v.townCode()).add(v));
    VillageLayout layout =
        new VillageLayout(
            new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int t = 0; t < towns.size(); t++) {
      List<VillageRow> rows = byTown.get(towns.get(t).code());
      List<Coordinate> points =
          villagePoints(towns.get(t), rows.size(), townAreas.get(t), seats.get(t));
      layout.rows().addAll(rows);
      layout.points().addAll(points);
      layout.areas().addAll(Partition.voronoi(townAreas.get(t), points));
      layout.lines().add(Partition.diagram(points, townAreas.get(t).getEnvelopeInternal(), MARGIN));
    }
    return layout;
  }

  private GridLayout layOutGrids(VillageLayout villages) {
    GridLayout layout = new GridLayout(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int v = 0; v < villages.rows().size(); v++) {
      VillageRow row = villages.rows().get(v);
      Polygon area = villages.areas().get(v);
      List<Coordinate> seeds = gridSeeds(row, area, villages.points().get(v));
      List<Polygon> cells = Partition.voronoi(area, seeds);
      layout.lines().add(Partition.diagram(seeds, area.getEnvelopeInternal(), MARGIN));
      GridPlan.Counts counts = plan.of(row.code());
      List<String> names = GridNames.of(row, counts, Randoms.of("grid-names", row.code()));
      boolean urban = TownKind.ofCode(row.townCode()).urban();
      for (int g = 0; g < seeds.size(); g++) {
        String code = row.code() + String.format(Locale.ROOT, "%03d", g + 1);
        GridKind kind = GridKind.of(urban, g >= counts.basic());
        layout.specs().add(new GridSpec(code, names.get(g), kind, v, seeds.get(g)));
        layout.cells().add(cells.get(g));
      }
    }
    return layout;
  }

  /** A grid before its final polygon: code, name, kind, index of its village, seed. */
  private record GridSpec(String code, String name, GridKind kind, int village, Coordinate seed) {}

  // ------------------------------------------------------------------ seats and points

  private static Coordinate seat(TownRow town, Polygon district) {
    TownLayout.Seat seat = TownLayout.seat(town.code());
    double km = seat.km();
    if (TownKind.ofCode(town.code()) == TownKind.TOWN) {
      double toBoundary = kmToBoundary(seat.bearing(), district);
      km = Math.min(Math.max(16, 0.55 * toBoundary), 0.8 * toBoundary);
    }
    IndexedFacetDistance boundary = new IndexedFacetDistance(district.getBoundary());
    for (int i = 0; i < 40; i++) {
      Coordinate c = along(seat.bearing(), km);
      Point p = Geometries.FACTORY.createPoint(c);
      if (district.contains(p) && boundary.distance(p) > LAT_PER_KM) {
        return c;
      }
      km *= 0.9;
    }
    throw new IllegalStateException("no seat inside the district for town " + town.code());
  }

  /** The point {@code km} from the city centre on {@code bearing}, rounded. */
  private static Coordinate along(double bearing, double km) {
    double b = StrictMath.toRadians(bearing);
    return new Coordinate(
        Geometries.round(CENTRE.x + km * StrictMath.sin(b) * LON_PER_KM),
        Geometries.round(CENTRE.y + km * StrictMath.cos(b) * LAT_PER_KM));
  }

  private static double kmToBoundary(double bearing, Polygon district) {
    LineString ray =
        Geometries.FACTORY.createLineString(new Coordinate[] {CENTRE, along(bearing, 100)});
    Geometry hits = ray.intersection(district.getExteriorRing());
    double nearest = Double.MAX_VALUE;
    for (Coordinate c : hits.getCoordinates()) {
      nearest = Math.min(nearest, km(CENTRE, c));
    }
    if (nearest == Double.MAX_VALUE) {
      throw new IllegalStateException("the city centre is not inside the district");
    }
    return nearest;
  }

  /** Distance in kilometres on the local plane. */
  private static double km(Coordinate a, Coordinate b) {
    return StrictMath.hypot((a.x - b.x) / LON_PER_KM, (a.y - b.y) / LAT_PER_KM);
  }

  private static List<Coordinate> villagePoints(
      TownRow town, int count, Polygon area, Coordinate seat) {
    double scale = Math.sqrt(area.getArea() / count);
    ToDoubleFunction<Coordinate> density;
    if (TownKind.ofCode(town.code()).urban()) {
      // communities crowd towards the city centre, from the town's edge nearest to it
      double nearest = km(CENTRE, nearestPoint(area, CENTRE));
      density = c -> gaussian(km(CENTRE, c) - nearest, 2.5);
    } else {
      double sigma = 0.8 * Math.sqrt(area.getArea() / Math.PI) / LAT_PER_KM;
      density = c -> gaussian(km(seat, c), sigma);
    }
    Sampler sampler = new Sampler(Randoms.of("village-points", town.code()));
    return sampler.sample(area, count, 0.55 * scale, Math.min(0.25 * scale, 0.004), density);
  }

  /** Seeds of a village's grids, drawn towards the village point, numbered north to south. */
  private List<Coordinate> gridSeeds(VillageRow village, Polygon area, Coordinate point) {
    int count = plan.of(village.code()).total();
    double scale = Math.sqrt(area.getArea() / count);
    double sigma = 0.7 * Math.sqrt(area.getArea() / Math.PI) / LAT_PER_KM;
    Sampler sampler = new Sampler(Randoms.of("grid-seeds", village.code()));
    List<Coordinate> seeds =
        new ArrayList<>(
            sampler.sample(
                area, count, 0.5 * scale, 0.1 * scale, c -> gaussian(km(point, c), sigma)));
    seeds.sort(Comparator.<Coordinate>comparingDouble(c -> -c.y).thenComparingDouble(c -> c.x));
    return seeds;
  }

  // ------------------------------------------------------------------ the final coverage

  /**
   * The bisectors of every level and the district boundary noded once, each boundary present once
   * (so no slivers between two copies of it); each face goes to the grid cell it is in.
   */
  private static Coverage harmonise(
      Polygon district, List<Geometry> lines, List<Polygon> cells, List<GridSpec> specs) {
    List<Polygon> faces = Coverage.faces(lines, district);
    STRtree index = new STRtree();
    for (int i = 0; i < cells.size(); i++) {
      index.insert(cells.get(i).getEnvelopeInternal(), i);
    }
    index.build();
    int[] owner = new int[faces.size()];
    for (int f = 0; f < faces.size(); f++) {
      Point inside = faces.get(f).getInteriorPoint();
      owner[f] = cellOf(inside, cells, index);
    }
    List<Coordinate> anchors = specs.stream().map(GridSpec::seed).toList();
    return Coverage.of(faces, owner, cells.size()).absorbSlivers(SLIVER).connect(anchors);
  }

  private static int cellOf(Point p, List<Polygon> cells, STRtree index) {
    @SuppressWarnings("unchecked")
    List<Integer> candidates = index.query(p.getEnvelopeInternal());
    int best = -1;
    double bestDistance = Double.MAX_VALUE;
    for (int i : candidates.stream().sorted().toList()) {
      double d = cells.get(i).distance(p);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    if (best < 0) {
      // a sliver outside every cell's envelope: take the nearest cell of all
      for (int i = 0; i < cells.size(); i++) {
        double d = cells.get(i).distance(p);
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      }
    }
    return best;
  }

  // ------------------------------------------------------------------ records

  private static List<Town> towns(List<TownRow> rows, List<Coordinate> seats, List<Polygon> areas) {
    List<Town> towns = new ArrayList<>();
    for (int t = 0; t < rows.size(); t++) {
      TownRow row = rows.get(t);
      requireCovers(areas.get(t), seats.get(t), "seat of town " + row.code());
      TownKind kind = TownKind.ofCode(row.code());
      towns.add(
          new Town(
              row.code(),
              row.name(),
              TownLayout.seat(row.code()).nameEn(),
              kind,
              LatLon.of(seats.get(t)),
              areas.get(t)));
    }
    return towns;
  }

  private static List<Village> villages(
      List<VillageRow> rows, List<Coordinate> points, List<Polygon> areas) {
    List<Village> villages = new ArrayList<>();
    for (int v = 0; v < rows.size(); v++) {
      VillageRow row = rows.get(v);
      requireCovers(areas.get(v), points.get(v), "point of village " + row.code());
      VillageKind kind = VillageKind.ofName(row.name());
      villages.add(
          new Village(
              row.code(),
              row.name(),
              DivisionNames.village(row.name(), kind),
              kind,
              row.townCode(),
              LatLon.of(points.get(v)),
              areas.get(v)));
    }
    villages.sort(Comparator.comparing(Village::code));
    return villages;
  }

  private static List<Grid> grids(
      List<GridSpec> specs, List<VillageRow> villages, List<Polygon> polygons) {
    List<Grid> grids = new ArrayList<>();
    for (int g = 0; g < specs.size(); g++) {
      GridSpec spec = specs.get(g);
      Polygon polygon = polygons.get(g);
      VillageRow village = villages.get(spec.village());
      grids.add(
          new Grid(
              spec.code(),
              spec.name(),
              spec.kind(),
              village.code(),
              village.townCode(),
              centroid(polygon),
              polygon));
    }
    grids.sort(Comparator.comparing(Grid::code));
    return grids;
  }

  /** The centroid, rounded; the interior point when the centroid falls outside the polygon. */
  private static LatLon centroid(Polygon polygon) {
    Coordinate c = polygon.getCentroid().getCoordinate();
    Coordinate rounded = new Coordinate(Geometries.round(c.x), Geometries.round(c.y));
    if (!polygon.contains(Geometries.FACTORY.createPoint(rounded))) {
      rounded = polygon.getInteriorPoint().getCoordinate();
    }
    return new LatLon(Geometries.round(rounded.y), Geometries.round(rounded.x));
  }

  private static void requireCovers(Polygon area, Coordinate c, String what) {
    if (!area.contains(Geometries.FACTORY.createPoint(c))) {
      throw new IllegalStateException(what + " is not inside its area");
    }
  }

  private static Coordinate nearestPoint(Polygon area, Coordinate c) {
    Point p = Geometries.FACTORY.createPoint(c);
    if (area.contains(p)) {
      return c;
    }
    return new DistanceOp(area, p).nearestPoints()[0];
  }

  private static double gaussian(double d, double sigma) {
    return StrictMath.exp(-d * d / (2 * sigma * sigma));
  }
}
