package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Division codes are unique and nest: 371502 → town (9) → village (12) → grid (15)")
class DistrictCodesTest {

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("every code is unique, across all levels")
  void unique() {
    List<String> codes =
        Stream.of(
                district.towns().stream().map(Town::code),
                district.villages().stream().map(Village::code),
                district.grids().stream().map(Grid::code))
            .flatMap(s -> s)
            .toList();
    assertThat(codes).doesNotHaveDuplicates().hasSize(24 + 338 + 2_685);
  }

  @Test
  @DisplayName("a town code is 9 digits under 371502")
  void towns() {
    assertThat(district.towns())
        .allSatisfy(t -> assertThat(t.code()).hasSize(9).startsWith("371502").containsOnlyDigits());
  }

  @Test
  @DisplayName("a village code is 12 digits under its town's code")
  void villages() {
    assertThat(district.villages())
        .allSatisfy(
            v -> {
              assertThat(v.code()).hasSize(12).startsWith(v.townCode()).containsOnlyDigits();
              assertThat(district.town(v.townCode())).isPresent();
            });
  }

  @Test
  @DisplayName("a grid code is its village's code plus a 3-digit sequence from 001")
  void grids() {
    for (Grid g : district.grids()) {
      assertThat(g.code()).hasSize(15).startsWith(g.villageCode()).containsOnlyDigits();
      assertThat(g.villageCode()).startsWith(g.townCode());
      assertThat(district.village(g.villageCode()).orElseThrow().townCode())
          .isEqualTo(g.townCode());
    }
    for (Village v : district.villages()) {
      List<String> sequences =
          district.gridsOf(v.code()).stream().map(g -> g.code().substring(12)).toList();
      assertThat(sequences)
          .as(v.code())
          .isNotEmpty()
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, sequences.size())
                  .mapToObj(i -> String.format(Locale.ROOT, "%03d", i))
                  .toList());
    }
  }

  @Test
  @DisplayName("every village has at least one basic grid; basic grids come before special ones")
  void basicFirst() {
    for (Village v : district.villages()) {
      List<Grid> grids = district.gridsOf(v.code());
      assertThat(grids.get(0).kind().special()).as(v.code()).isFalse();
      for (int i = 1; i < grids.size(); i++) {
        assertThat(!grids.get(i - 1).kind().special() || grids.get(i).kind().special())
            .as(grids.get(i).code())
            .isTrue();
      }
    }
  }

  @Test
  @DisplayName("ids of people, teams, projects and placements are unique")
  void otherIds() {
    assertThat(district.workers()).extracting(GridWorker::id).doesNotHaveDuplicates();
    assertThat(district.teams()).extracting(ServiceTeam::code).doesNotHaveDuplicates();
    assertThat(district.mediators()).extracting(Mediator::id).doesNotHaveDuplicates();
    assertThat(district.projects()).extracting(Project::code).doesNotHaveDuplicates();
    assertThat(district.placements()).extracting(Placement::code).doesNotHaveDuplicates();
  }
}
