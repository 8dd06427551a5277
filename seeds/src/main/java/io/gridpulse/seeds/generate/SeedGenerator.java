package io.gridpulse.seeds.generate;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.GeoJson.DistrictProperties;
import io.gridpulse.seeds.GeoJson.Feature;
import io.gridpulse.seeds.GeoJson.FeatureCollection;
import io.gridpulse.seeds.GeoJson.TownProperties;
import io.gridpulse.seeds.Placement;
import io.gridpulse.seeds.Project;
import io.gridpulse.seeds.SeedFiles;
import io.gridpulse.seeds.SeedJson;
import io.gridpulse.seeds.Town;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the generated seed files from the npm packages and the fixed seed. Run it through {@code
 * seeds/regenerate}, which installs the packages first.
 *
 * <pre>usage: SeedGenerator --npm NODE_MODULES_DIR --out OUTPUT_DIR</pre>
 */
public final class SeedGenerator {

  private final Path nodeModules;
  private final Path out;
  private final Progress progress;

  SeedGenerator(Path nodeModules, Path out, Progress progress) {
    this.nodeModules = nodeModules;
    this.out = out;
    this.progress = progress;
  }

  public static void main(String[] args) throws IOException {
    Path npm = null;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--npm" -> npm = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (npm == null || out == null || args.length % 2 != 0) {
      throw new IllegalArgumentException(
          "usage: SeedGenerator --npm NODE_MODULES_DIR --out OUTPUT_DIR");
    }
    new SeedGenerator(npm, out, new Progress(System.err)).run();
  }

  void run() throws IOException {
    progress.step("regenerating the seeds into " + out);
    Sources sources = Sources.read(nodeModules, progress);
    requireDepartments();
    GridPlan plan = GridPlan.plan(sources.villages());
    GeographyBuilder.Geography geo = new GeographyBuilder(sources, plan, progress).build();
    progress.step("drawing people, teams, mediators, projects and placements");
    People people = People.build(geo.towns(), geo.villages(), geo.grids());
    List<Project> projects = Projects.build(geo.towns(), people.leaders());
    List<Placement> placements = Placements.build(geo.towns(), geo.villages());

    Files.createDirectories(out);
    Map<String, Integer> counts = new LinkedHashMap<>();
    write(SeedFiles.DISTRICT, districtFeature(geo), counts, 1);
    write(SeedFiles.TOWNS, townFeatures(geo), counts, geo.towns().size());
    write(SeedFiles.VILLAGES, geo.villages(), counts, geo.villages().size());
    write(SeedFiles.GRIDS, geo.grids(), counts, geo.grids().size());
    write(SeedFiles.WORKERS, people.workers(), counts, people.workers().size());
    write(SeedFiles.TEAMS, people.teams(), counts, people.teams().size());
    write(SeedFiles.MEDIATORS, people.mediators(), counts, people.mediators().size());
    write(SeedFiles.LEADERS, people.leaders(), counts, people.leaders().size());
    write(SeedFiles.PROJECTS, projects, counts, projects.size());
    write(SeedFiles.PLACEMENTS, placements, counts, placements.size());
    String provenance = ProvenanceReport.markdown(sources, counts, District.counts(geo.grids()));
    Files.writeString(out.resolve(SeedFiles.PROVENANCE), provenance, StandardCharsets.UTF_8);
    progress.step("wrote " + SeedFiles.PROVENANCE + "; done");
  }

  /** The departments the generated files refer to must be in the curated departments.json. */
  private static void requireDepartments() throws IOException {
    List<Department> departments;
    try (InputStream in = District.class.getResourceAsStream(SeedFiles.DEPARTMENTS)) {
      if (in == null) {
        throw new IOException(SeedFiles.DEPARTMENTS + " is not on the classpath");
      }
      departments = SeedJson.mapper().readValue(in, new TypeReference<List<Department>>() {});
    }
    Set<String> codes = departments.stream().map(Department::code).collect(Collectors.toSet());
    for (String code :
        Stream.concat(People.DEPARTMENTS_USED.stream(), Projects.DEPARTMENTS_USED.stream())
            .toList()) {
      if (!codes.contains(code)) {
        throw new IOException(
            "department " + code + " is used but not in " + SeedFiles.DEPARTMENTS);
      }
    }
  }

  private static FeatureCollection<DistrictProperties> districtFeature(
      GeographyBuilder.Geography geo) {
    DistrictProperties properties =
        new DistrictProperties(
            District.CODE,
            District.NAME,
            District.NAME_EN,
            Sources.ECHARTS_CITIES + "@" + Sources.ECHARTS_CITIES_VERSION + " " + Sources.CITY_MAP);
    return FeatureCollection.of(List.of(Feature.of(District.CODE, properties, geo.district())));
  }

  private static FeatureCollection<TownProperties> townFeatures(GeographyBuilder.Geography geo) {
    return FeatureCollection.of(
        geo.towns().stream()
            .map(t -> Feature.of(t.code(), townProperties(t, geo), t.area()))
            .toList());
  }

  private static TownProperties townProperties(Town t, GeographyBuilder.Geography geo) {
    return new TownProperties(
        t.code(),
        t.name(),
        t.nameEn(),
        t.kind(),
        t.center(),
        (int) geo.villages().stream().filter(v -> v.townCode().equals(t.code())).count(),
        (int) geo.grids().stream().filter(g -> g.townCode().equals(t.code())).count());
  }

  private void write(String file, Object value, Map<String, Integer> counts, int items)
      throws IOException {
    Files.writeString(out.resolve(file), SeedJson.write(value), StandardCharsets.UTF_8);
    counts.put(file, items);
    progress.step("wrote " + file + " (" + items + ")");
  }
}
