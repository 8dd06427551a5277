package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.CountyLeader;
import io.gridpulse.seeds.Milestone;
import io.gridpulse.seeds.Project;
import io.gridpulse.seeds.ProjectSector;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.TownKind;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * About forty synthetic key projects (重点项目) with their investment, dates, milestones and six
 * responsible parties. The names are made from templates and the towns' names; no real project is
 * meant. Investment completed is as of {@link #AS_OF}.
 */
final class Projects {

  static final int COUNT = 40;

  /** The date the completed investments refer to. */
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);

  private static final LocalDate EARLIEST_START = LocalDate.of(2025, 1, 1);

  /** A name template ({@code %s}: a place) with its lead department, investment range in 万元. */
  private record Template(
      ProjectSector sector, String pattern, String lead, int minInvestment, int maxInvestment) {}

  private static final List<Template> TEMPLATES =
      List.of(
          new Template(ProjectSector.MANUFACTURING, "%s智能装备产业园项目", "gxj", 50_000, 300_000),
          new Template(ProjectSector.MANUFACTURING, "%s高端轴承智能制造项目", "gxj", 20_000, 150_000),
          new Template(ProjectSector.MANUFACTURING, "%s精密钢管深加工项目", "gxj", 20_000, 120_000),
          new Template(ProjectSector.MANUFACTURING, "%s新能源汽车零部件项目", "gxj", 30_000, 200_000),
          new Template(ProjectSector.MANUFACTURING, "%s智能农机装备制造项目", "gxj", 10_000, 80_000),
          new Template(ProjectSector.NEW_MATERIALS, "%s铜基新材料项目", "gxj", 30_000, 250_000),
          new Template(ProjectSector.NEW_MATERIALS, "%s高性能复合材料项目", "gxj", 20_000, 120_000),
          new Template(ProjectSector.BIOMEDICINE, "%s生物医药产业园项目", "gxj", 30_000, 200_000),
          new Template(ProjectSector.BIOMEDICINE, "%s医疗器械研发生产基地项目", "gxj", 10_000, 60_000),
          new Template(ProjectSector.DIGITAL, "%s数字经济产业园项目", "gxj", 20_000, 100_000),
          new Template(ProjectSector.DIGITAL, "%s大数据中心项目", "gxj", 15_000, 80_000),
          new Template(ProjectSector.ENERGY, "%s分布式光伏发电项目", "fgj", 5_000, 40_000),
          new Template(ProjectSector.ENERGY, "%s储能电站项目", "fgj", 20_000, 100_000),
          new Template(ProjectSector.LOGISTICS, "%s冷链物流园项目", "swj", 20_000, 120_000),
          new Template(ProjectSector.LOGISTICS, "%s农产品批发物流中心项目", "swj", 10_000, 60_000),
          new Template(ProjectSector.AGRICULTURE, "%s高标准农田建设项目", "nyncj", 3_000, 20_000),
          new Template(ProjectSector.AGRICULTURE, "%s现代农业产业园项目", "nyncj", 5_000, 40_000),
          new Template(ProjectSector.AGRICULTURE, "%s智慧温室大棚项目", "nyncj", 3_000, 25_000),
          new Template(ProjectSector.CULTURE_TOURISM, "%s历史文化街区提升项目", "wlj", 10_000, 80_000),
          new Template(ProjectSector.CULTURE_TOURISM, "%s运河文旅综合体项目", "wlj", 20_000, 150_000),
          new Template(ProjectSector.INFRASTRUCTURE, "%s道路改造提升工程", "jtysj", 5_000, 50_000),
          new Template(ProjectSector.INFRASTRUCTURE, "%s雨污分流改造工程", "zjj", 5_000, 40_000),
          new Template(ProjectSector.INFRASTRUCTURE, "%s供热管网改造工程", "zjj", 5_000, 30_000),
          new Template(ProjectSector.URBAN_RENEWAL, "%s片区城市更新项目", "zjj", 30_000, 200_000),
          new Template(ProjectSector.URBAN_RENEWAL, "%s老旧小区改造项目", "zjj", 5_000, 40_000),
          new Template(ProjectSector.PUBLIC_SERVICES, "%s中学新建项目", "jtj", 10_000, 60_000),
          new Template(ProjectSector.PUBLIC_SERVICES, "%s社区卫生服务中心项目", "wjj", 3_000, 20_000),
          new Template(ProjectSector.PUBLIC_SERVICES, "%s养老服务中心项目", "mzj", 3_000, 25_000));

  /** Departments the projects refer to; the generator checks they exist. */
  static final List<String> DEPARTMENTS_USED =
      List.of(
          "gxj", "fgj", "swj", "nyncj", "wlj", "jtysj", "zjj", "jtj", "wjj", "mzj", "xzspj",
          "zrzyj");

  private Projects() {}

  static List<Project> build(List<Town> towns, List<CountyLeader> leaders) {
    Random random = Randoms.of("projects");
    Set<String> names = new HashSet<>();
    List<Project> projects = new ArrayList<>();
    while (projects.size() < COUNT) {
      Template template = Randoms.pick(random, TEMPLATES);
      Town town = townFor(template.sector(), towns, random);
      String name =
          String.format(
              Locale.ROOT, template.pattern(), DivisionNames.town(town.name(), town.kind()));
      if (!names.add(name)) {
        continue;
      }
      projects.add(project(projects.size() + 1, name, template, town, leaders, random));
    }
    return projects;
  }

  private static Project project(
      int n, String name, Template template, Town town, List<CountyLeader> leaders, Random random) {
    long planned =
        Math.round(
                Randoms.between(random, template.minInvestment(), template.maxInvestment()) / 100)
            * 100;
    LocalDate start = EARLIEST_START.plusDays(random.nextInt(640));
    int months = 12 + random.nextInt(25);
    LocalDate finish = start.plusMonths(months);
    double elapsed =
        Math.max(
            0,
            Math.min(
                1,
                (double) ChronoUnit.DAYS.between(start, AS_OF)
                    / ChronoUnit.DAYS.between(start, finish)));
    // most projects run about on plan; some lag (the dashboard's delayed and at-risk ones)
    double pace =
        random.nextDouble() < 0.2
            ? Randoms.between(random, 0.3, 0.7)
            : Randoms.between(random, 0.85, 1.1);
    long completed = Math.min(planned, Math.round(planned * elapsed * pace / 10) * 10);
    // in charge: one of the deputies (never the head of government); sponsor: any other leader
    int inCharge = 1 + random.nextInt(leaders.size() - 1);
    int sponsor = random.nextInt(leaders.size() - 1);
    if (sponsor >= inCharge) {
      sponsor++;
    }
    return new Project(
        String.format(Locale.ROOT, "XM%03d", n),
        name,
        town.code(),
        template.sector(),
        planned,
        completed,
        AS_OF,
        start,
        finish,
        milestones(template.sector(), start, finish, random),
        template.lead(),
        random.nextDouble() < 0.75 ? "xzspj" : "zrzyj",
        leaders.get(inCharge).code(),
        leaders.get(sponsor).code());
  }

  private static List<Milestone> milestones(
      ProjectSector sector, LocalDate start, LocalDate finish, Random random) {
    long days = ChronoUnit.DAYS.between(start, finish);
    boolean plant =
        switch (sector) {
          case MANUFACTURING, NEW_MATERIALS, BIOMEDICINE, ENERGY -> true;
          default -> false;
        };
    return List.of(
        new Milestone("permits", "前期手续办结", start.minusDays(20 + random.nextInt(60))),
        new Milestone("groundbreaking", "开工建设", start),
        new Milestone("main-works", "主体工程完工", start.plusDays(days * 55 / 100)),
        new Milestone("fit-out", plant ? "设备安装调试" : "配套工程完工", start.plusDays(days * 80 / 100)),
        new Milestone("completion", plant ? "竣工投产" : "竣工验收", finish));
  }

  /** Where a project of {@code sector} can sit: farming in towns, renewal in streets, … */
  private static Town townFor(ProjectSector sector, List<Town> towns, Random random) {
    List<Town> fit =
        towns.stream()
            .filter(
                t ->
                    switch (sector) {
                      case AGRICULTURE -> t.kind() == TownKind.TOWN;
                      case URBAN_RENEWAL, CULTURE_TOURISM -> t.kind() == TownKind.STREET;
                      case LOGISTICS -> true;
                      default -> t.kind() != TownKind.CENTRE;
                    })
            .toList();
    return Randoms.pick(random, fit);
  }
}
