package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

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
    assertThat(d.children()).hasSize(24).first().isEqualTo(new DivisionRef("371502001", "古楼街道"));
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
}
