package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Milestone;
import io.gridpulse.seeds.Project;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The key projects' driver: reports that keep the rules, the same for a seed")
class ProjectsDriverTest {
  static final District DISTRICT = District.load();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

  /** A project as the API shows it: the seed's plan, {@code percent} done, nothing reached. */
  static JsonObject document(Project p, double percent, double invested) {
    JsonArray milestones = new JsonArray();
    for (Milestone m : p.milestones()) {
      milestones.add(
          new JsonObject()
              .put("code", m.code())
              .put("name", m.name())
              .put("plannedDate", m.plannedDate().toString()));
    }
    return new JsonObject()
        .put("code", p.code())
        .put("start", p.start().toString())
        .put("finish", p.finish().toString())
        .put("plannedInvestment", p.plannedInvestment())
        .put("completedInvestment", invested)
        .put("percentDone", percent)
        .put("milestones", milestones)
        .put("reports", new JsonArray());
  }

  @Test
  @DisplayName("the same seed and project give the same pace and the same report")
  void deterministic() {
    Project p = DISTRICT.projects().get(0);
    JsonObject doc = document(p, 40, p.plannedInvestment() * 0.4);
    Random a = ProjectsDriver.random(7, p.code());
    Random b = ProjectsDriver.random(7, p.code());
    ProjectsDriver.Pace pa = ProjectsDriver.pace(a);
    assertThat(ProjectsDriver.pace(b)).isEqualTo(pa);
    assertThat(ProjectsDriver.nextReport(doc, pa, 30, TODAY, a))
        .isEqualTo(ProjectsDriver.nextReport(doc, pa, 30, TODAY, b));
    assertThat(ProjectsDriver.pace(ProjectsDriver.random(8, p.code()))).isNotEqualTo(pa);
  }

  @Test
  @DisplayName("about one project in five lags; the others keep about to plan")
  void paces() {
    long lagging =
        DISTRICT.projects().stream()
            .map(p -> ProjectsDriver.pace(ProjectsDriver.random(1, p.code())))
            .filter(pace -> pace.pace() < 0.8)
            .count();
    assertThat(lagging).isBetween(3L, 15L);
  }

  @Test
  @DisplayName("figures never go down, milestones are passed in order and never in the future")
  void rules() {
    for (Project p : DISTRICT.projects()) {
      Random random = ProjectsDriver.random(3, p.code());
      ProjectsDriver.Pace pace = ProjectsDriver.pace(random);
      JsonObject doc = document(p, 50, p.plannedInvestment() * 0.6);
      JsonObject report = ProjectsDriver.nextReport(doc, pace, 30, TODAY, random);
      assertThat(report.getDouble("percentDone")).isBetween(50.0, 100.0);
      assertThat(report.getDouble("completedInvestment"))
          .isBetween(p.plannedInvestment() * 0.6, (double) p.plannedInvestment());
      assertThat(report.getString("period")).isEqualTo("2026-11");
      assertThat(report.getJsonArray("photos").getString(0)).startsWith("https://");
      for (Object o : report.getJsonArray("milestones")) {
        assertThat(LocalDate.parse(((JsonObject) o).getString("reachedOn")))
            .isBeforeOrEqualTo(TODAY);
      }
      // the permits come before the start: passed by any progress
      assertThat(report.getJsonArray("milestones").getJsonObject(0).getString("code"))
          .isEqualTo("permits");
    }
  }

  @Test
  @DisplayName("the report that reaches 100 % reaches every milestone left")
  void completion() {
    Project p = DISTRICT.projects().get(1);
    JsonObject doc = document(p, 99.5, p.plannedInvestment());
    Random random = ProjectsDriver.random(1, p.code());
    JsonObject report =
        ProjectsDriver.nextReport(doc, new ProjectsDriver.Pace(1, 0, 0), 60, TODAY, random);
    assertThat(report.getDouble("percentDone")).isEqualTo(100);
    assertThat(report.getJsonArray("milestones")).hasSize(p.milestones().size());
  }
}
