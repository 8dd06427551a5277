package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;

@DisplayName("Lookups: grid ⇄ village ⇄ town, divisions, and the intake helpers")
class DistrictLookupTest {

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("loads from the classpath well under a second once warm (best of three)")
  void loadsFast() {
    Duration best = Duration.ofDays(1);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      District again = District.load();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(again.grids()).hasSize(2_685);
      best = took.compareTo(best) < 0 ? took : best;
    }
    assertThat(best).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("a grid leads to its village and town, and back")
  void gridVillageTown() {
    Grid grid = district.grid("371502001001001").orElseThrow();
    Village village = district.village(grid.villageCode()).orElseThrow();
    Town town = district.town(village.townCode()).orElseThrow();
    assertThat(village.name()).isEqualTo("古城社区居委会");
    assertThat(town.name()).isEqualTo("古楼街道");
    assertThat(district.gridsOf(village.code())).contains(grid);
    assertThat(district.villagesOf(town.code())).contains(village);
    assertThat(district.gridsOf(town.code())).contains(grid).hasSizeGreaterThan(20);
  }

  @Test
  @DisplayName("the district division lists its 24 towns and all grid counts")
  void districtDivision() {
    Division d = district.division("371502").orElseThrow();
    assertThat(d.level()).isEqualTo(DivisionLevel.DISTRICT);
    assertThat(d.name()).isEqualTo("东昌府区");
    assertThat(d.parentCode()).isNull();
    assertThat(d.children()).hasSize(24);
    DivisionRef first = d.children().get(0);
    assertThat(first.code()).isEqualTo("371502001");
    assertThat(first.name()).isEqualTo("古楼街道");
    assertThat(first.center()).isEqualTo(district.town("371502001").orElseThrow().center());
    assertThat(d.gridCount()).isEqualTo(2_685);
    assertThat(d.gridCounts())
        .containsEntry("urban-basic", 1_504)
        .containsEntry("township-special", 146);
  }

  @Test
  @DisplayName("a town division lists its villages; a village division lists its grids")
  void townAndVillageDivisions() {
    Division town = district.division("371502101").orElseThrow();
    assertThat(town.name()).isEqualTo("沙镇镇");
    assertThat(town.parentCode()).isEqualTo("371502");
    assertThat(town.children()).hasSize(37);
    assertThat(town.gridCounts().get("urban-basic")).isZero();
    assertThat(town.gridCount()).isEqualTo(district.gridsOf("371502101").size());

    String villageCode = town.children().get(0).code();
    Division village = district.division(villageCode).orElseThrow();
    assertThat(village.level()).isEqualTo(DivisionLevel.VILLAGE);
    assertThat(village.parentCode()).isEqualTo("371502101");
    assertThat(village.children())
        .extracting(DivisionRef::code)
        .allSatisfy(c -> assertThat(c).hasSize(15).startsWith(villageCode));
    assertThat(village.gridCount()).isEqualTo(village.children().size());
  }

  @Test
  @DisplayName("unknown or non-division codes give no division")
  void unknownDivisions() {
    assertThat(district.division("371503")).isEmpty();
    assertThat(district.division("371502999")).isEmpty();
    assertThat(district.division("371502001001001")).isEmpty();
    assertThat(district.division("")).isEmpty();
  }

  @Test
  @DisplayName("a point is placed in its district, town, village and grid")
  void pointLookups() {
    for (Grid g : district.grids()) {
      assertThat(district.contains(g.centroid())).isTrue();
      assertThat(district.townAt(g.centroid())).map(Town::code).contains(g.townCode());
      assertThat(district.villageAt(g.centroid())).map(Village::code).contains(g.villageCode());
      assertThat(district.gridAt(g.centroid())).map(Grid::code).contains(g.code());
    }
    LatLon beijing = new LatLon(39.9, 116.4);
    assertThat(district.contains(beijing)).isFalse();
    assertThat(district.townAt(beijing)).isEmpty();
    assertThat(district.gridAt(beijing)).isEmpty();
  }

  @Test
  @DisplayName("the grid near a point: the one holding it, else the nearest within the radius")
  void gridNear() {
    for (Grid g : district.grids()) {
      assertThat(district.gridNear(g.centroid(), 500)).contains(g);
    }
    // a sliver along the real boundary that no synthetic grid covers
    LatLon sliver = new LatLon(36.38974975385677, 116.24588609424372);
    assertThat(district.contains(sliver)).isTrue();
    assertThat(district.gridAt(sliver)).isEmpty();
    Grid nearest = district.gridNear(sliver, 500).orElseThrow();
    assertThat(nearest).isEqualTo(bruteForceNearest(sliver));
    assertThat(district.distanceToGridMetres(nearest.code(), sliver).orElseThrow())
        .isBetween(0.0, 500.0);

    assertThat(district.gridNear(new LatLon(39.9, 116.4), 500)).isEmpty();
  }

  @Test
  @DisplayName("near the boundary, gridNear agrees with a scan of every grid, radius included")
  void gridNearAgreesWithAScan() {
    Coordinate[] edge = district.boundary().getExteriorRing().getCoordinates();
    Random random = new Random(371502);
    for (int i = 0; i < 40; i++) {
      Coordinate c = edge[random.nextInt(edge.length)];
      // up to about 800 m off the boundary, either side
      LatLon p =
          new LatLon(
              c.y + (random.nextDouble() - 0.5) * 0.0144,
              c.x + (random.nextDouble() - 0.5) * 0.018);
      Grid scanned = bruteForceNearest(p);
      double metres = district.distanceToGridMetres(scanned.code(), p).orElseThrow();
      assertThat(district.gridNear(p, 500))
          .as("point %s, nearest grid %.0f m away", p, metres)
          .isEqualTo(metres <= 500 ? Optional.of(scanned) : Optional.empty());
    }
  }

  @Test
  @DisplayName("a lookup near the boundary takes well under a millisecond")
  void gridNearIsFast() {
    Coordinate[] edge = district.boundary().getExteriorRing().getCoordinates();
    long start = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      Coordinate c = edge[i % edge.length];
      district.gridNear(new LatLon(c.y, c.x), 500);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  private Grid bruteForceNearest(LatLon p) {
    return district.grids().stream()
        .min(
            Comparator.<Grid>comparingDouble(
                    g -> district.distanceToGridMetres(g.code(), p).orElseThrow())
                .thenComparing(Grid::code))
        .orElseThrow();
  }

  @Test
  @DisplayName("distance to a grid: 0 inside it, metres outside it")
  void distanceToGrid() {
    Grid grid = district.gridsOf("371502101").get(0);
    assertThat(district.distanceToGridMetres(grid.code(), grid.centroid())).hasValue(0.0);

    Coordinate top =
        Arrays.stream(grid.polygon().getCoordinates())
            .max(Comparator.comparingDouble(c -> c.y))
            .orElseThrow();
    LatLon oneKmNorth = new LatLon(top.y + 1.0 / 111.195, top.x);
    assertThat(district.distanceToGridMetres(grid.code(), oneKmNorth).orElseThrow())
        .isCloseTo(1_000, within(1.0));
    assertThat(district.isNearGrid(grid.code(), grid.centroid(), 50)).isTrue();
    assertThat(district.isNearGrid(grid.code(), new LatLon(39.9, 116.4), 1e9)).isFalse();
    assertThat(district.distanceToGridMetres("371502999999999", grid.centroid())).isEmpty();
  }

  @Test
  @DisplayName("distance to a grid: the same as the outline projected to metres, inside or out")
  void distanceToGridIsTheProjectedDistance() {
    Random random = new Random(15);
    List<Grid> grids = district.grids();
    int inside = 0;
    for (int i = 0; i < 2_000; i++) {
      Grid grid = grids.get(random.nextInt(grids.size()));
      Envelope box = grid.polygon().getEnvelopeInternal();
      // within the grid's box and a little around it: inside, on the edge's either side, outside
      LatLon p =
          new LatLon(
              box.getMinY() + (random.nextDouble() * 1.4 - 0.2) * box.getHeight(),
              box.getMinX() + (random.nextDouble() * 1.4 - 0.2) * box.getWidth());
      double expected = Geometries.distanceMetres(grid.polygon(), p);
      assertThat(district.distanceToGridMetres(grid.code(), p).orElseThrow())
          .as("%s from %s", p, grid.code())
          .isCloseTo(expected, within(1e-6));
      inside += expected == 0 ? 1 : 0;
    }
    assertThat(inside).as("points inside their grid").isBetween(200, 1_800);
  }
}
