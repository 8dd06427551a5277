package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.CoverageUnion;

@DisplayName("The synthetic geometry nests inside the real district boundary")
class DistrictGeometryTest {

  /** A tenth of a square metre, in square degrees near 36.45 N: "a tiny tolerance". */
  private static final double TINY_AREA = 1e-11;

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("the decoded boundary lies around 115.7–116.25 E, 36.26–36.72 N and holds the city")
  void boundary() {
    Envelope env = district.boundary().getEnvelopeInternal();
    assertThat(env.getMinX()).isBetween(115.6, 115.9);
    assertThat(env.getMaxX()).isBetween(116.1, 116.3);
    assertThat(env.getMinY()).isBetween(36.2, 36.35);
    assertThat(env.getMaxY()).isBetween(36.55, 36.75);
    assertThat(district.boundary().isValid()).isTrue();
    assertThat(district.contains(new LatLon(36.45, 115.98))).isTrue();
  }

  @Test
  @DisplayName("polygons follow GeoJSON's right-hand rule: shells counter-clockwise")
  void rightHandRule() {
    assertThat(Orientation.isCCW(district.boundary().getExteriorRing().getCoordinates())).isTrue();
    Stream.of(
            district.towns().stream().map(Town::area),
            district.villages().stream().map(Village::area),
            district.grids().stream().map(Grid::polygon))
        .flatMap(s -> s)
        .forEach(p -> assertThat(Orientation.isCCW(p.getExteriorRing().getCoordinates())).isTrue());
  }

  @Test
  @DisplayName("every town area is a valid polygon inside the district")
  void townsInsideDistrict() {
    for (Town t : district.towns()) {
      assertThat(t.area().isValid()).as(t.code()).isTrue();
      assertThat(t.area().getArea()).as(t.code()).isPositive();
      assertThat(district.boundary().buffer(1e-6).covers(t.area())).as(t.code()).isTrue();
      assertThat(district.inTown(t.code(), t.center())).as(t.code()).isTrue();
    }
  }

  @Test
  @DisplayName("town areas do not overlap and together cover the district")
  void townsTileTheDistrict() {
    List<Town> towns = district.towns();
    for (int i = 0; i < towns.size(); i++) {
      for (int j = i + 1; j < towns.size(); j++) {
        Polygon a = towns.get(i).area();
        Polygon b = towns.get(j).area();
        if (a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
          assertThat(a.intersection(b).getArea())
              .as(towns.get(i).code() + " ∩ " + towns.get(j).code())
              .isLessThan(TINY_AREA);
        }
      }
    }
    Geometry union =
        CoverageUnion.union(
            Geometries.FACTORY.buildGeometry(towns.stream().map(Town::area).toList()));
    assertThat(union.symDifference(district.boundary()).getArea())
        .isLessThan(1e-4 * district.boundary().getArea());
    double sum = towns.stream().mapToDouble(t -> t.area().getArea()).sum();
    assertThat(sum).isCloseTo(district.boundary().getArea(), within(1e-6));
  }

  @Test
  @DisplayName("every village point is inside the district, its town and its own area")
  void villagePoints() {
    for (Village v : district.villages()) {
      assertThat(district.contains(v.point())).as(v.code()).isTrue();
      assertThat(district.inTown(v.townCode(), v.point())).as(v.code()).isTrue();
      assertThat(v.area().covers(Geometries.point(v.point()))).as(v.code()).isTrue();
      assertThat(district.town(v.townCode()).orElseThrow().area().covers(v.area()))
          .as(v.code())
          .isTrue();
    }
  }

  @Test
  @DisplayName("every grid's centroid and polygon lie in its village's and its town's area")
  void gridsInsideTheirTown() {
    Map<String, Town> towns = district.townsByCode();
    for (Grid g : district.grids()) {
      Polygon town = towns.get(g.townCode()).area();
      Polygon village = district.village(g.villageCode()).orElseThrow().area();
      assertThat(g.polygon().isValid()).as(g.code()).isTrue();
      assertThat(town.covers(g.polygon())).as(g.code() + " polygon in its town").isTrue();
      assertThat(village.covers(g.polygon())).as(g.code() + " polygon in its village").isTrue();
      assertThat(g.polygon().contains(Geometries.point(g.centroid())))
          .as(g.code() + " centroid in its polygon")
          .isTrue();
      assertThat(district.inTown(g.townCode(), g.centroid())).as(g.code()).isTrue();
    }
  }

  @Test
  @DisplayName("the grids of a village tile its area")
  void gridsTileVillages() {
    Map<String, List<Grid>> byVillage =
        district.grids().stream().collect(Collectors.groupingBy(Grid::villageCode));
    for (Village v : district.villages()) {
      double sum = byVillage.get(v.code()).stream().mapToDouble(g -> g.polygon().getArea()).sum();
      assertThat(sum).as(v.code()).isCloseTo(v.area().getArea(), within(1e-9));
    }
  }

  @Test
  @DisplayName("urban grids crowd around the city centre, township grids spread out")
  void urbanGridsAreDense() {
    double urban = meanArea(GridKind.URBAN_BASIC);
    double township = meanArea(GridKind.TOWNSHIP_BASIC);
    assertThat(urban).isLessThan(township / 3);
    LatLon centre = new LatLon(36.45, 115.98);
    long near =
        district.grids().stream()
            .filter(g -> g.kind().urban())
            .filter(g -> Geometries.haversineMetres(g.centroid(), centre) < 8_000)
            .count();
    assertThat(near).isGreaterThan(1_816 / 2);
  }

  private double meanArea(GridKind kind) {
    return district.grids().stream()
        .filter(g -> g.kind() == kind)
        .mapToDouble(g -> g.polygon().getArea())
        .average()
        .orElseThrow();
  }
}
