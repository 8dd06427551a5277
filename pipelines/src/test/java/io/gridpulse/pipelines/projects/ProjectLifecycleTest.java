package io.gridpulse.pipelines.projects;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.seeds.District;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A key project's lifecycle: reports, problems, resolutions")
class ProjectLifecycleTest {
  static final District DISTRICT = District.load();
  static final ProjectLifecycle LIFE = new ProjectLifecycle(DISTRICT);
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z"); // 10:00 district time
  static final String TOWN = "371502001";

  static final Actor DUTY = new Actor("duty", Set.of("duty"), null, null, "10.0.0.1");
  static final Actor LEADER = new Actor("leader", Set.of("leader"), null, null, null);
  static final Actor LEAD = new Actor("pm-gxj", Set.of("project"), "gxj", null, null);
  static final Actor OTHER_LEAD = new Actor("pm-zjj", Set.of("project"), "zjj", null, null);
  static final Actor PERMIT = new Actor("dept-xzspj", Set.of("dept"), "xzspj", null, null);
  static final Actor OWN_TOWN = new Actor("town-1", Set.of("town"), null, TOWN, null);
  static final Actor OTHER_TOWN = new Actor("town-2", Set.of("town"), null, "371502002", null);

  static JsonObject project() {
    JsonObject body =
        new JsonObject()
            .put("code", "T-1")
            .put("name", "测试项目")
            .put("townCode", TOWN)
            .put("sector", "manufacturing")
            .put("plannedInvestment", 10000)
            .put("start", "2026-01-01")
            .put("finish", "2027-01-01")
            .put(
                "milestones",
                new JsonArray()
                    .add(m("groundbreaking", "2026-01-01"))
                    .add(m("completion", "2027-01-01")))
            .put("leadDepartment", "gxj")
            .put("permitDepartment", "xzspj")
            .put("leaderInCharge", "CL02")
            .put("leaderSponsor", "CL05");
    ProjectRecords.Registration r =
        ProjectRecords.register(body, DISTRICT, Instant.parse("2025-12-01T00:00:00Z"), "duty");
    assertThat(r.errors()).isEmpty();
    return r.document();
  }

  static JsonObject m(String code, String date) {
    return new JsonObject().put("code", code).put("name", code).put("plannedDate", date);
  }

  static JsonObject report(double invested, double percent) {
    return new JsonObject()
        .put("action", "report")
        .put("period", "2026-11")
        .put("completedInvestment", invested)
        .put("percentDone", percent);
  }

  static JsonObject taken(JsonObject project, Actor actor, JsonObject input) {
    Outcome outcome = LIFE.apply(project, actor, input, NOW);
    assertThat(outcome).as("%s by %s", input, actor.username()).isInstanceOf(Outcome.Applied.class);
    return ((Outcome.Applied) outcome).event();
  }

  static Outcome.Refused refused(JsonObject project, Actor actor, JsonObject input) {
    Outcome outcome = LIFE.apply(project, actor, input, NOW);
    assertThat(outcome).as("%s by %s", input, actor.username()).isInstanceOf(Outcome.Refused.class);
    return (Outcome.Refused) outcome;
  }

  @Test
  @DisplayName("a report moves the figures, reaches milestones and is recorded as a step")
  void report() {
    JsonObject input =
        report(4000, 45)
            .put(
                "milestones",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("code", "groundbreaking")
                            .put("reachedOn", "2026-01-05")))
            .put("photos", new JsonArray().add("https://photos.example.org/a.jpg"))
            .put("note", "主体施工");
    Outcome.Applied applied = (Outcome.Applied) LIFE.apply(project(), LEAD, input, NOW);
    JsonObject after = applied.event();
    assertThat(after.getDouble("completedInvestment")).isEqualTo(4000);
    assertThat(after.getDouble("percentDone")).isEqualTo(45);
    assertThat(after.getString("lastReportOn")).isEqualTo("2026-11-27");
    assertThat(after.getLong("version")).isEqualTo(2);
    assertThat(after.getJsonArray("milestones").getJsonObject(0).getString("reachedOn"))
        .isEqualTo("2026-01-05");
    assertThat(after.getJsonArray("reports")).hasSize(1);
    JsonObject t = applied.transition();
    assertThat(t.getString("id")).isEqualTo("T-1#2");
    assertThat(t.getString("domain")).isEqualTo("projects");
    assertThat(t.getString("recordId")).isEqualTo("T-1");
    assertThat(t.getString("action")).isEqualTo("report");
    assertThat(t.getString("actor")).isEqualTo("pm-gxj");
    assertThat(t.getJsonObject("details").getDouble("completedInvestment")).isEqualTo(4000);
    assertThat(t.getJsonObject("details").getDouble("percentDone")).isEqualTo(45);
  }

  @Test
  @DisplayName("100 % with every milestone reached completes it; then no more reports (409)")
  void completion() {
    JsonObject input =
        report(10000, 100)
            .put(
                "milestones",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("code", "groundbreaking")
                            .put("reachedOn", "2026-01-05"))
                    .add(
                        new JsonObject().put("code", "completion").put("reachedOn", "2026-11-26")));
    JsonObject done = taken(project(), DUTY, input);
    assertThat(done.getString("state")).isEqualTo("completed");
    Outcome.Refused again = refused(done, DUTY, report(10000, 100));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.allowed()).doesNotContain("report", "raise");
  }

  @Test
  @DisplayName("investment or percent going down needs the correction flag (and a note)")
  void noGoingBack() {
    JsonObject p = taken(project(), LEAD, report(4000, 45));
    Outcome.Refused down = refused(p, LEAD, report(3000, 45));
    assertThat(down.status()).isEqualTo(409);
    assertThat(down.detail()).contains("investment completed may not go down");
    assertThat(down.allowed()).contains("report");
    assertThat(refused(p, LEAD, report(4000, 40)).status()).isEqualTo(409);
    Outcome.Refused noNote = refused(p, LEAD, report(3000, 45).put("correction", true));
    assertThat(noNote.status()).isEqualTo(422);
    assertThat(noNote.errors()).extracting(FieldError::field).containsExactly("note");
    JsonObject fixed = taken(p, LEAD, report(3000, 45).put("correction", true).put("note", "误报更正"));
    assertThat(fixed.getDouble("completedInvestment")).isEqualTo(3000);
  }

  @Test
  @DisplayName("each wrong field is named: period, figures, milestones, photos (https only)")
  void fields() {
    JsonObject input =
        new JsonObject()
            .put("action", "report")
            .put("period", "2027-01")
            .put("completedInvestment", -1)
            .put("percentDone", 101)
            .put(
                "milestones",
                new JsonArray()
                    .add(new JsonObject().put("code", "nope").put("reachedOn", "2026-01-05"))
                    .add(new JsonObject().put("code", "completion").put("reachedOn", "2026-12-30")))
            .put(
                "photos",
                new JsonArray()
                    .add("https://ok.example.org/x.jpg")
                    .add("http://plain.example.org/x.jpg")
                    .add("javascript:alert(1)")
                    .add(7));
    Outcome.Refused r = refused(project(), LEAD, input);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "period",
            "completedInvestment",
            "percentDone",
            "milestones[0].code",
            "milestones[1].reachedOn",
            "photos[1]",
            "photos[2]",
            "photos[3]");
  }

  @Test
  @DisplayName("only the lead department (role project) and duty report; others 403")
  void whoReports() {
    JsonObject p = project();
    assertThat(refused(p, OTHER_LEAD, report(1, 1)).status()).isEqualTo(403);
    assertThat(refused(p, PERMIT, report(1, 1)).status()).isEqualTo(403);
    assertThat(refused(p, OWN_TOWN, report(1, 1)).status()).isEqualTo(403);
    assertThat(refused(p, LEADER, report(1, 1)).status()).isEqualTo(403);
    assertThat(LIFE.allowed(p, LEAD, NOW)).containsExactly("report", "raise");
    assertThat(LIFE.allowed(p, OWN_TOWN, NOW)).containsExactly("raise");
    assertThat(LIFE.allowed(p, OTHER_TOWN, NOW)).isEmpty();
    assertThat(LIFE.allowed(p, LEADER, NOW)).isEmpty();
  }

  @Test
  @DisplayName("a problem: raised with an owner among the parties, resolved once by its owner")
  void problems() {
    JsonObject raise =
        new JsonObject()
            .put("action", "raise")
            .put("description", "用地手续未批")
            .put("owner", "xzspj")
            .put("due", "2026-12-10");
    JsonObject p = taken(project(), OWN_TOWN, raise);
    JsonObject problem = p.getJsonArray("problems").getJsonObject(0);
    assertThat(problem.getString("id")).isEqualTo("P1");
    assertThat(problem.getString("status")).isEqualTo("open");
    assertThat(p.getJsonArray("parties").getList()).contains("gxj", "xzspj");
    assertThat(LIFE.allowed(p, PERMIT, NOW)).containsExactly("resolve");

    JsonObject resolve =
        new JsonObject().put("action", "resolve").put("problem", "P1").put("note", "已批复");
    assertThat(refused(p, OTHER_LEAD, resolve).status()).isEqualTo(403);
    assertThat(
            refused(p, PERMIT, new JsonObject().put("action", "resolve").put("problem", "P1"))
                .errors())
        .extracting(FieldError::field)
        .containsExactly("note");
    JsonObject solved = taken(p, PERMIT, resolve);
    assertThat(solved.getJsonArray("problems").getJsonObject(0).getString("status"))
        .isEqualTo("resolved");
    Outcome.Refused twice = refused(solved, PERMIT, resolve);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(refused(solved, DUTY, resolve.copy().put("problem", "P9")).status()).isEqualTo(404);
  }

  @Test
  @DisplayName(
      "a problem's owner must be a responsible party or a department, its due date not past")
  void problemFields() {
    JsonObject raise =
        new JsonObject()
            .put("action", "raise")
            .put("description", "x")
            .put("owner", "CL99")
            .put("due", "2026-11-26");
    Outcome.Refused r = refused(project(), DUTY, raise);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("owner", "due");
    assertThat(
            taken(project(), DUTY, raise.put("owner", "CL05").put("due", "2026-11-27"))
                .getJsonArray("problems"))
        .hasSize(1);
  }

  @Test
  @DisplayName("registration names every wrong field")
  void registration() {
    ProjectRecords.Registration r =
        ProjectRecords.register(
            new JsonObject()
                .put("code", "bad code")
                .put("townCode", "371599999")
                .put("sector", "mining")
                .put("plannedInvestment", 0)
                .put("start", "2026-05-01")
                .put("finish", "2026-04-01")
                .put("milestones", new JsonArray().add(m("a", "2026-05-01")).add(m("a", "x")))
                .put("leadDepartment", "nope")
                .put("permitDepartment", "xzspj")
                .put("leaderInCharge", "CL02"),
            DISTRICT,
            NOW,
            "duty");
    assertThat(r.document()).isNull();
    assertThat(r.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "code",
            "name",
            "townCode",
            "sector",
            "plannedInvestment",
            "finish",
            "milestones[1].plannedDate",
            "milestones[1].code",
            "leadDepartment",
            "leaderSponsor");
  }

  @Test
  @DisplayName("a seeded project starts from its baseline: share of investment, milestones passed")
  void seeds() {
    for (var seed : DISTRICT.projects()) {
      JsonObject doc = ProjectRecords.fromSeed(seed);
      assertThat(doc.getString("id")).isEqualTo(seed.code());
      assertThat(doc.getString("registeredAt")).isEqualTo("2026-10-31T16:00:00Z");
      assertThat(doc.getDouble("percentDone"))
          .isEqualTo(
              Math.round(1000.0 * seed.completedInvestment() / seed.plannedInvestment()) / 10.0);
      for (Object o : doc.getJsonArray("milestones")) {
        JsonObject m = (JsonObject) o;
        if (m.getString("reachedOn") != null) {
          assertThat(m.getString("plannedDate")).isLessThanOrEqualTo("2026-11-01");
        }
      }
    }
    JsonObject first = ProjectRecords.fromSeed(DISTRICT.project("XM001").orElseThrow());
    // 13,930 of 16,000 (87.1 %): 2025-03-29 + 87.1 % of 671 days = 2026-10-17
    assertThat(first.getDouble("percentDone")).isEqualTo(87.1);
    assertThat(
            first.getJsonArray("milestones").stream()
                .map(m -> ((JsonObject) m).getString("reachedOn")))
        .containsExactly("2025-02-22", "2025-03-29", "2026-04-02", "2026-09-16", null);
  }
}
