package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("People, teams, projects and reading placements")
class OrganisationsTest {

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("people have plausible Chinese names and clearly fake, unique phone numbers")
  void people() {
    List<String> phones =
        Stream.of(
                district.workers().stream().map(GridWorker::phone),
                district.mediators().stream().map(Mediator::phone),
                district.teams().stream().map(t -> t.head().phone()))
            .flatMap(s -> s)
            .toList();
    assertThat(phones).doesNotHaveDuplicates().allMatch(p -> p.matches("155-000\\d-\\d{4}"));
    assertThat(district.workers())
        .extracting(GridWorker::name)
        .allMatch(n -> n.matches("\\p{IsHan}{2,3}"));
  }

  @Test
  @DisplayName("the teams serve every grid exactly once, each with a full-time worker of its grids")
  void teams() {
    List<String> served = district.teams().stream().flatMap(t -> t.gridCodes().stream()).toList();
    assertThat(served)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(district.grids().stream().map(Grid::code).toList());
    Map<String, GridWorker> workers =
        district.workers().stream().collect(Collectors.toMap(GridWorker::id, Function.identity()));
    for (ServiceTeam t : district.teams()) {
      assertThat(t.gridWorkerIds()).as(t.code()).isNotEmpty();
      assertThat(t.gridWorkerIds())
          .allSatisfy(w -> assertThat(t.gridCodes()).contains(workers.get(w).gridCode()));
      assertThat(t.enforcement()).as(t.code()).isNotEmpty().contains("cgj");
      assertThat(t.partTimeWorkers()).isPositive();
    }
    Set<String> villagesWithTeams =
        district.teams().stream().map(ServiceTeam::villageCode).collect(Collectors.toSet());
    assertThat(villagesWithTeams).hasSize(338);
  }

  @Test
  @DisplayName("every town has mediators and legal workers")
  void mediators() {
    for (Town t : district.towns()) {
      for (MediatorKind kind : MediatorKind.values()) {
        assertThat(district.mediators(kind))
            .as(t.code() + " " + kind)
            .anyMatch(m -> m.townCode().equals(t.code()));
      }
    }
    assertThat(district.mediators()).allSatisfy(m -> assertThat(m.specialties()).isNotEmpty());
  }

  @Test
  @DisplayName("key projects have their six responsible parties and ordered milestones")
  void projects() {
    for (Project p : district.projects()) {
      assertThat(district.town(p.townCode())).as(p.code()).isPresent();
      assertThat(p.sector()).isNotNull();
      assertThat(district.department(p.leadDepartment())).as(p.code()).isPresent();
      assertThat(district.department(p.permitDepartment())).as(p.code()).isPresent();
      assertThat(district.leader(p.leaderInCharge())).as(p.code()).isPresent();
      assertThat(district.leader(p.leaderSponsor())).as(p.code()).isPresent();
      assertThat(p.leaderSponsor()).isNotEqualTo(p.leaderInCharge());
      assertThat(p.completedInvestment()).isBetween(0L, p.plannedInvestment());
      assertThat(p.milestones()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(p.milestones())
          .extracting(Milestone::plannedDate)
          .isSorted()
          .last()
          .isEqualTo(p.finish());
    }
    assertThat(district.projects()).extracting(Project::name).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("reading placements: every kind of place, partial coverage, one street covers all")
  void placements() {
    assertThat(district.placements())
        .extracting(Placement::kind)
        .containsAll(List.of(PlacementKind.values()));
    for (Placement p : district.placements()) {
      assertThat(
              district
                  .village(p.villageCode())
                  .orElseThrow()
                  .area()
                  .covers(Geometries.point(p.location())))
          .as(p.code())
          .isTrue();
    }
    Map<String, Long> coveredByTown =
        district.placements().stream()
            .filter(p -> p.kind() == PlacementKind.VILLAGE || p.kind() == PlacementKind.COMMUNITY)
            .collect(Collectors.groupingBy(Placement::townCode, Collectors.counting()));
    long full =
        district.towns().stream()
            .filter(
                t ->
                    coveredByTown.getOrDefault(t.code(), 0L)
                        == district.villagesOf(t.code()).size())
            .filter(t -> district.villagesOf(t.code()).size() > 1)
            .count();
    assertThat(full).isEqualTo(1);
    assertThat(coveredByTown.get("371502001")).isEqualTo(district.villagesOf("371502001").size());
    assertThat(coveredByTown.values().stream().mapToLong(Long::longValue).sum()).isLessThan(338);
  }
}
