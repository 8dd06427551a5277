package io.gridpulse.seeds;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A key project (重点项目), synthetic, with its six responsible parties: the town where it sits, its
 * sector, the lead department, the permit-handling department, the county leader in charge and the
 * county leader who sponsors it. Investments are in 10,000 yuan (万元).
 *
 * @param completedInvestment investment completed as of {@code investmentAsOf}
 * @param leaderInCharge code of the county leader in charge (分管县级领导)
 * @param leaderSponsor code of the county leader sponsoring the project (包保县级领导)
 */
public record Project(
    String code,
    String name,
    String townCode,
    ProjectSector sector,
    long plannedInvestment,
    long completedInvestment,
    LocalDate investmentAsOf,
    LocalDate start,
    LocalDate finish,
    List<Milestone> milestones,
    String leadDepartment,
    String permitDepartment,
    String leaderInCharge,
    String leaderSponsor) {

  public Project {
    Codes.requireText(code, "project code");
    Codes.requireText(name, "project name");
    Codes.requireChild(townCode, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    Objects.requireNonNull(sector, "project sector");
    if (plannedInvestment <= 0 || completedInvestment < 0) {
      throw new IllegalArgumentException("project " + code + ": investments out of range");
    }
    Objects.requireNonNull(investmentAsOf, "investment date");
    Objects.requireNonNull(start, "project start");
    Objects.requireNonNull(finish, "project finish");
    if (!finish.isAfter(start)) {
      throw new IllegalArgumentException("project " + code + " finishes before it starts");
    }
    milestones = Codes.copy(milestones, "project milestones");
    Codes.requireText(leadDepartment, "lead department");
    Codes.requireText(permitDepartment, "permit department");
    Codes.requireText(leaderInCharge, "leader in charge");
    Codes.requireText(leaderSponsor, "sponsoring leader");
  }
}
