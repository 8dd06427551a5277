package io.gridpulse.pipelines.projects;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A project's status is derived from its plan and reports")
class ProjectStatusTest {
  /** 2026-01-01 to 2026-11-08: 311 days; 2026-06-01 is day 151 (48.6 %). */
  static final LocalDate START = LocalDate.of(2026, 1, 1);

  static final LocalDate FINISH = LocalDate.of(2026, 11, 8);
  static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

  static JsonObject project(double percent) {
    return new JsonObject()
        .put("code", "T1")
        .put("start", START.toString())
        .put("finish", FINISH.toString())
        .put("state", "active")
        .put("percentDone", percent)
        .put("registeredOn", "2025-12-01")
        .put("lastReportOn", "2026-05-20")
        .put(
            "milestones",
            new JsonArray()
                .add(milestone("groundbreaking", "2026-01-01", "2026-01-03"))
                .add(milestone("main-works", "2026-07-01", null)))
        .put("problems", new JsonArray());
  }

  static JsonObject milestone(String code, String planned, String reached) {
    JsonObject m = new JsonObject().put("code", code).put("plannedDate", planned);
    return reached == null ? m : m.put("reachedOn", reached);
  }

  static String status(JsonObject project) {
    return ProjectStatus.of(project, TODAY).status();
  }

  @Test
  @DisplayName("planned progress is the share of days elapsed, clamped to 0-100")
  void plannedProgress() {
    assertThat(ProjectStatus.plannedPercent(START, FINISH, TODAY)).isEqualTo(48.6);
    assertThat(ProjectStatus.plannedPercent(START, FINISH, START.minusDays(5))).isZero();
    assertThat(ProjectStatus.plannedPercent(START, FINISH, FINISH.plusDays(5))).isEqualTo(100);
  }

  @Test
  @DisplayName("within 10 points of plan and no milestone overdue: on track")
  void onTrack() {
    assertThat(status(project(48.6))).isEqualTo("on_track");
    assertThat(status(project(38.6))).isEqualTo("on_track"); // exactly 10 behind
    assertThat(status(project(60))).isEqualTo("on_track"); // ahead
  }

  @Test
  @DisplayName("more than 10 points behind, or a milestone past its date unreached: delayed")
  void delayed() {
    assertThat(status(project(38.5))).isEqualTo("delayed");
    JsonObject late = project(50);
    late.getJsonArray("milestones").getJsonObject(1).put("plannedDate", "2026-05-31");
    ProjectStatus.Standing s = ProjectStatus.of(late, TODAY);
    assertThat(s.status()).isEqualTo("delayed");
    assertThat(s.overdueMilestones()).containsExactly("main-works");
    // planned for today is not overdue yet
    late.getJsonArray("milestones").getJsonObject(1).put("plannedDate", "2026-06-01");
    assertThat(status(late)).isEqualTo("on_track");
  }

  @Test
  @DisplayName(
      "more than 20 points behind, an open problem past due, or no report in 45 days: at risk")
  void atRisk() {
    assertThat(status(project(28.6))).isEqualTo("delayed"); // exactly 20 behind
    assertThat(status(project(28.5))).isEqualTo("at_risk");

    JsonObject problem = project(50);
    problem
        .getJsonArray("problems")
        .add(new JsonObject().put("id", "P1").put("status", "open").put("due", "2026-05-31"));
    ProjectStatus.Standing s = ProjectStatus.of(problem, TODAY);
    assertThat(s.status()).isEqualTo("at_risk");
    assertThat(s.openProblems()).isEqualTo(1);
    assertThat(s.overdueProblems()).isEqualTo(1);
    problem.getJsonArray("problems").getJsonObject(0).put("status", "resolved");
    assertThat(status(problem)).isEqualTo("on_track");

    JsonObject quiet = project(50).put("lastReportOn", "2026-04-17"); // 45 days
    assertThat(status(quiet)).isEqualTo("on_track");
    quiet.put("lastReportOn", "2026-04-16"); // 46 days
    assertThat(status(quiet)).isEqualTo("at_risk");
  }

  @Test
  @DisplayName("before its start, a project without reports is not at risk for silence")
  void notStartedYet() {
    JsonObject early = project(0).putNull("lastReportOn").put("start", "2026-09-01");
    early.getJsonArray("milestones").clear();
    ProjectStatus.Standing s = ProjectStatus.of(early, TODAY);
    assertThat(s.status()).isEqualTo("on_track");
    assertThat(s.daysSinceReport()).isEqualTo(182); // since its registration
  }

  @Test
  @DisplayName("a completed project is completed, whatever the calendar says")
  void completed() {
    JsonObject done = project(100).put("state", "completed").put("lastReportOn", "2025-01-01");
    assertThat(status(done)).isEqualTo("completed");
  }
}
