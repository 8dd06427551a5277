package io.gridpulse.pipelines.projects;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The figures leaders watch, over a known set of projects")
class ProjectFiguresTest {
  static final LocalDate TODAY = LocalDate.of(2026, 6, 1); // 48.6 % of 2026-01-01..2026-11-08

  static JsonObject project(String town, String sector, double planned, double done, double pct) {
    return ProjectStatusTest.project(pct)
        .put("townCode", town)
        .put("sector", sector)
        .put("plannedInvestment", planned)
        .put("completedInvestment", done);
  }

  @Test
  @DisplayName(
      "counts by status, Σ completed ÷ Σ planned, problems and milestones, by town and sector")
  void figures() {
    JsonObject late = project("T2", "energy", 3000, 100, 10); // at risk
    late.getJsonArray("milestones").getJsonObject(1).put("plannedDate", "2026-05-01");
    late.put(
        "problems",
        new JsonArray()
            .add(new JsonObject().put("status", "open").put("due", "2026-05-31"))
            .add(new JsonObject().put("status", "open").put("due", "2026-06-01"))
            .add(new JsonObject().put("status", "resolved").put("due", "2026-01-01")));
    List<JsonObject> projects =
        List.of(
            project("T1", "energy", 1000, 500, 50), // on track
            project("T1", "digital", 2000, 600, 35), // delayed (13.6 behind)
            late,
            project("T2", "digital", 500, 500, 100).put("state", "completed"));
    JsonObject f = ProjectFigures.of(projects, TODAY);
    assertThat(f.getInteger("projects")).isEqualTo(4);
    assertThat(f.getJsonObject("byStatus"))
        .isEqualTo(
            new JsonObject()
                .put("on_track", 1)
                .put("delayed", 1)
                .put("at_risk", 1)
                .put("completed", 1));
    assertThat(f.getDouble("plannedInvestment")).isEqualTo(6500);
    assertThat(f.getDouble("completedInvestment")).isEqualTo(1700);
    assertThat(f.getDouble("investmentRate")).isEqualTo(0.2615); // 0.261538…
    assertThat(f.getInteger("openProblems")).isEqualTo(2);
    assertThat(f.getInteger("overdueProblems")).isEqualTo(1);
    assertThat(f.getInteger("overdueMilestones")).isEqualTo(1);
    JsonArray towns = f.getJsonArray("towns");
    assertThat(towns.getJsonObject(0).getString("code")).isEqualTo("T1");
    assertThat(towns.getJsonObject(0).getDouble("investmentRate")).isEqualTo(0.3667);
    assertThat(towns.getJsonObject(1).getInteger("openProblems")).isEqualTo(2);
    JsonArray sectors = f.getJsonArray("sectors");
    assertThat(sectors.getJsonObject(0).getString("code")).isEqualTo("digital");
    assertThat(sectors.getJsonObject(0).getJsonObject("byStatus").getInteger("completed"))
        .isEqualTo(1);
    assertThat(ProjectFigures.rate(5, 0)).isZero();
  }
}
