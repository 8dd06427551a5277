package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The district has exactly the published figures")
class DistrictCountsTest {

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("24 town-level units: 10 streets, 13 towns, 1 market service centre")
  void towns() {
    assertThat(district.towns()).hasSize(24);
    assertThat(district.towns()).filteredOn(t -> t.kind() == TownKind.STREET).hasSize(10);
    assertThat(district.towns()).filteredOn(t -> t.kind() == TownKind.TOWN).hasSize(13);
    assertThat(district.towns())
        .filteredOn(t -> t.kind() == TownKind.CENTRE)
        .extracting(Town::code, Town::name)
        .containsExactly(tuple("371502400", "香江光彩大市场服务中心"));
    assertThat(district.town("371502001")).map(Town::name).contains("古楼街道");
    assertThat(district.town("371502116")).map(Town::name).contains("广平镇");
  }

  @Test
  @DisplayName("338 village and community committees")
  void villages() {
    assertThat(district.villages()).hasSize(338);
  }

  @Test
  @DisplayName(
      "2,685 grids: 1,504 urban basic, 312 urban special, 723 township basic, 146 township special")
  void grids() {
    assertThat(district.grids()).hasSize(2_685);
    assertThat(District.counts(district.grids()))
        .containsExactly(
            entry("urban-basic", 1_504),
            entry("urban-special", 312),
            entry("township-basic", 723),
            entry("township-special", 146));
  }

  @Test
  @DisplayName("urban grids are in the streets and the centre, township grids in the towns")
  void gridKindsFollowTheirTown() {
    for (Grid grid : district.grids()) {
      Town town = district.town(grid.townCode()).orElseThrow();
      assertThat(grid.kind().urban()).as(grid.code()).isEqualTo(town.kind().urban());
    }
  }

  @Test
  @DisplayName("2,227 full-time grid workers, one per basic grid")
  void workers() {
    assertThat(district.workers()).hasSize(2_227);
    assertThat(district.workers())
        .extracting(GridWorker::gridCode)
        .doesNotHaveDuplicates()
        .allSatisfy(g -> assertThat(district.grid(g).orElseThrow().kind().special()).isFalse());
  }

  @Test
  @DisplayName("423 grid service teams, 91 people's mediators, 104 legal workers")
  void organisations() {
    assertThat(district.teams()).hasSize(423);
    assertThat(district.mediators(MediatorKind.PEOPLE_MEDIATOR)).hasSize(91);
    assertThat(district.mediators(MediatorKind.LEGAL_WORKER)).hasSize(104);
  }

  @Test
  @DisplayName("about forty key projects, placements in every town")
  void projectsAndPlacements() {
    assertThat(district.projects()).hasSizeBetween(35, 45);
    assertThat(district.placements())
        .extracting(Placement::townCode)
        .containsAll(district.towns().stream().map(Town::code).toList());
  }
}
