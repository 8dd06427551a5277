package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Key projects on the real Redis and Elasticsearch, on a clock the test moves: the seeded registry
 * loaded once, registration, the lifecycle and its refusals, who may do what, and the figures
 * leaders watch over a data set of known projects in towns no seed and no other test uses.
 */
@DisplayName("Key projects: registry, progress, problems, status and figures")
class ProjectsIT {
  /** Monday 15 June 2026, 10:00 in the district. */
  static final Instant T0 = Instant.parse("2026-06-15T02:00:00Z");

  /** Towns without seeded projects: the figures' data set, and the lifecycle's projects. */
  static final String FIGURES_TOWN = "371502104";

  static final String LIFE_TOWN = "371502400";
  static final String RUN = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);

  static final TestClock CLOCK = new TestClock(T0);
  static TestServer server;
  static String redisUrl;
  static String esUrl;

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    redisUrl = stack.redis().url();
    esUrl = stack.elasticsearch().url();
    server = TestServer.start(redisUrl, esUrl, "pj-a-" + UUID.randomUUID(), CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static JsonObject milestone(String code, String date) {
    return new JsonObject().put("code", code).put("name", "节点 " + code).put("plannedDate", date);
  }

  static JsonObject registration(
      String code, String town, String sector, long planned, String start, String finish) {
    return new JsonObject()
        .put("code", code)
        .put("name", "测试项目 " + code)
        .put("townCode", town)
        .put("sector", sector)
        .put("plannedInvestment", planned)
        .put("start", start)
        .put("finish", finish)
        .put(
            "milestones",
            new JsonArray()
                .add(milestone("m1", start.substring(0, 5) + "03-01"))
                .add(milestone("m2", finish)))
        .put("leadDepartment", "gxj")
        .put("permitDepartment", "xzspj")
        .put("leaderInCharge", "CL02")
        .put("leaderSponsor", "CL05");
  }

  /** Registers {@code body} as duty and waits until the project can be read. */
  static String register(JsonObject body) throws Exception {
    HttpResponse<Buffer> r = server.postAs("duty", "/api/v1/projects", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    String code = body.getString("code");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/projects/" + code).statusCode() == 200);
    return code;
  }

  static JsonObject report(String period, double invested, double percent) {
    return new JsonObject()
        .put("period", period)
        .put("completedInvestment", invested)
        .put("percentDone", percent);
  }

  static JsonObject reached(String... codes) {
    JsonArray list = new JsonArray();
    for (String c : codes) {
      list.add(new JsonObject().put("code", c).put("reachedOn", "2026-03-01"));
    }
    return new JsonObject().put("milestones", list);
  }

  static JsonObject ok(String who, String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> r = server.postAs(who, path, body);
    assertThat(r.statusCode()).as("%s %s: %s", who, path, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> post(String who, String path, JsonObject body) throws Exception {
    return server.postAs(who, path, body);
  }

  @Test
  @DisplayName(
      "the seeds are loaded once: a restart with the ids forgotten adds nothing and keeps later reports")
  void seedsOnce() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> seeded() == server.app().district().projects().size());
    JsonObject before = server.getAs("duty", "/api/v1/projects/XM040").bodyAsJsonObject();
    JsonObject moved =
        ok(
            "duty",
            "/api/v1/projects/XM040/reports",
            report(
                "2026-06",
                before.getDouble("completedInvestment"),
                before.getDouble("percentDone")));
    long version = moved.getLong("version");
    assertThat(version).isEqualTo(before.getLong("version") + 1);

    // a month later Redis has forgotten the ids: a restart appends the seeds again
    RedisAPI redis = RedisAPI.api(server.app().redis());
    for (var p : server.app().district().projects()) {
      server.await(redis.del(List.of(StreamSpec.PROJECTS.seenKeyPrefix() + p.code())));
    }
    try (TestServer again = TestServer.start(redisUrl, esUrl, "pj-b-" + UUID.randomUUID(), CLOCK)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.await(redis.xlen(StreamSpec.PROJECTS.streamKey())).toLong() == 0);
      assertThat(seeded()).isEqualTo(server.app().district().projects().size());
      JsonObject after = again.getAs("duty", "/api/v1/projects/XM040").bodyAsJsonObject();
      assertThat(after.getLong("version")).isEqualTo(version);
    }
  }

  /** Seeded documents in the index, counted by Elasticsearch. */
  static long seeded() throws Exception {
    JsonObject query = new JsonObject().put("term", new JsonObject().put("source", "seed"));
    JsonObject count =
        elastic("gridpulse-projects", "_count", new JsonObject().put("query", query));
    return count == null ? -1 : count.getLong("count");
  }

  /** Refreshes {@code alias}, then POSTs {@code body} to {@code alias/api}: the answer, or null. */
  static JsonObject elastic(String alias, String api, JsonObject body) throws Exception {
    server.await(server.http.postAbs(esUrl + "/" + alias + "/_refresh").send());
    HttpResponse<Buffer> r =
        server.await(server.http.postAbs(esUrl + "/" + alias + "/" + api).sendJsonObject(body));
    return r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
  }

  @Test
  @DisplayName("registration: duty or admin, every wrong field named, a code only once")
  void registration() throws Exception {
    String code = "PL-" + RUN + "-R";
    JsonObject body = registration(code, LIFE_TOWN, "digital", 8000, "2026-01-01", "2026-12-31");
    assertThat(post("town:" + LIFE_TOWN, "/api/v1/projects", body).statusCode()).isEqualTo(403);
    assertThat(post("project:gxj", "/api/v1/projects", body).statusCode()).isEqualTo(403);
    assertThat(post("leader", "/api/v1/projects", body).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> bad =
        post(
            "duty",
            "/api/v1/projects",
            body.copy()
                .put("townCode", "371599999")
                .put("finish", "2025-01-01")
                .put("leaderSponsor", "CL99"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(fields(bad)).containsExactlyInAnyOrder("townCode", "finish", "leaderSponsor");
    register(body);
    HttpResponse<Buffer> twice = server.postAs("admin", "/api/v1/projects", body);
    assertThat(twice.statusCode()).as(twice.bodyAsString()).isEqualTo(409);
    JsonObject read = server.getAs("duty", "/api/v1/projects/" + code).bodyAsJsonObject();
    // registered mid-year with no report yet: 165 of 364 days planned, 0 % done
    assertThat(read.getString("status")).isEqualTo("at_risk");
    assertThat(read.getDouble("plannedPercent")).isEqualTo(45.3);
    assertThat(read.getString("registeredBy")).isEqualTo("it-duty");
    assertThat(read.getString("leadDepartment")).isEqualTo("gxj");
    assertThat(read.getJsonArray("allowed").getList()).containsExactly("report", "raise");
  }

  @Test
  @DisplayName("the admin API creates a project lead bound to a department, and only with one")
  void projectLeads() throws Exception {
    String name = "pl-" + RUN.toLowerCase(Locale.ROOT);
    JsonObject lead =
        new JsonObject()
            .put("username", name)
            .put("roles", new JsonArray().add("project"))
            .put("password", "a project lead's password");
    HttpResponse<Buffer> unbound = server.postAs("admin", "/api/v1/admin/users", lead);
    assertThat(unbound.statusCode()).isEqualTo(422);
    assertThat(fields(unbound)).containsExactly("dept");
    HttpResponse<Buffer> made =
        server.postAs("admin", "/api/v1/admin/users", lead.copy().put("dept", "gxj"));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getString("dept")).isEqualTo("gxj");
  }

  static List<String> fields(HttpResponse<Buffer> r) {
    List<String> out = new ArrayList<>();
    for (Object e : r.bodyAsJsonObject().getJsonArray("errors")) {
      out.add(((JsonObject) e).getString("field"));
    }
    return out;
  }

  @Test
  @DisplayName(
      "the lifecycle: reports, a problem raised on site and resolved by its owner, each step in the transitions index")
  void lifecycle() throws Exception {
    String code =
        register(
            registration(
                "PL-" + RUN + "-L", LIFE_TOWN, "manufacturing", 10000, "2026-01-01", "2026-12-31"));
    String base = "/api/v1/projects/" + code;
    JsonObject first =
        ok(
            "project:gxj",
            base + "/reports",
            report("2026-05", 3000, 40)
                .mergeIn(reached("m1"))
                .put("photos", new JsonArray().add("https://img.example.org/site/1.jpg"))
                .put("note", "主体施工中"));
    assertThat(first.getLong("version")).isEqualTo(2);
    assertThat(first.getJsonObject("project").getString("status")).isEqualTo("on_track");

    JsonObject raised =
        ok(
            "town:" + LIFE_TOWN,
            base + "/problems",
            new JsonObject()
                .put("description", "施工用电未接入")
                .put("owner", "xzspj")
                .put("due", "2026-06-30"));
    String problem = raised.getJsonObject("problem").getString("id");
    assertThat(problem).isEqualTo("P1");
    // the permit department owns it, so it now reads the project and may resolve it
    assertThat(server.getAs("dept:xzspj", base).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> notTheirs =
        post("dept:zjj", base + "/problems/P1/resolve", new JsonObject().put("note", "x"));
    assertThat(notTheirs.statusCode()).isEqualTo(404);
    ok("dept:xzspj", base + "/problems/P1/resolve", new JsonObject().put("note", "已协调供电公司接入"));
    HttpResponse<Buffer> again =
        post("duty", base + "/problems/P1/resolve", new JsonObject().put("note", "again"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonArray("allowed").getList())
        .containsExactly("report", "raise");

    JsonObject detail = server.getAs("town:" + LIFE_TOWN, base).bodyAsJsonObject();
    assertThat(detail.getJsonArray("reports")).hasSize(1);
    assertThat(detail.getJsonArray("reports").getJsonObject(0).getJsonArray("photos").getList())
        .containsExactly("https://img.example.org/site/1.jpg");
    assertThat(detail.getJsonArray("problems").getJsonObject(0).getString("status"))
        .isEqualTo("resolved");
    assertThat(
            detail.getJsonArray("history").stream().map(s -> ((JsonObject) s).getString("action")))
        .containsExactly("register", "report", "raise", "resolve");

    await().atMost(Duration.ofSeconds(30)).until(() -> steps(code).size() == 4);
    List<JsonObject> steps = steps(code);
    assertThat(steps.stream().map(s -> s.getString("action")))
        .containsExactly("register", "report", "raise", "resolve");
    assertThat(steps).allSatisfy(s -> assertThat(s.getString("domain")).isEqualTo("projects"));
    assertThat(steps.get(1).getJsonObject("details").getDouble("completedInvestment"))
        .isEqualTo(3000);
    assertThat(steps.get(1).getString("actor")).isEqualTo("it-project-gxj");
    assertThat(steps.get(3).getString("actor")).isEqualTo("it-dept-xzspj");

    // complete it: no more reports
    ok(
        "duty",
        base + "/reports",
        report("2026-06", 10000, 100)
            .put(
                "milestones",
                new JsonArray()
                    .add(new JsonObject().put("code", "m2").put("reachedOn", "2026-06-14"))));
    HttpResponse<Buffer> late =
        post("project:gxj", base + "/reports", report("2026-06", 10000, 100));
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.bodyAsJsonObject().getJsonArray("allowed").getList()).isEmpty();
    assertThat(server.getAs("duty", base).bodyAsJsonObject().getString("status"))
        .isEqualTo("completed");
  }

  /** The project's steps in the transitions index, in version order. */
  static List<JsonObject> steps(String code) throws Exception {
    JsonObject found =
        elastic(
            "gridpulse-transitions",
            "_search",
            new JsonObject()
                .put("size", 100)
                .put("sort", new JsonArray().add(new JsonObject().put("version", "asc")))
                .put(
                    "query", new JsonObject().put("term", new JsonObject().put("recordId", code))));
    List<JsonObject> out = new ArrayList<>();
    for (Object h : found.getJsonObject("hits").getJsonArray("hits")) {
      out.add(((JsonObject) h).getJsonObject("_source"));
    }
    return out;
  }

  @Test
  @DisplayName(
      "refusals: 409 with allowed, 403 for the wrong role, 422 naming the field, 404 when not visible")
  void refusals() throws Exception {
    String code =
        register(
            registration(
                "PL-" + RUN + "-X", LIFE_TOWN, "energy", 10000, "2026-01-01", "2026-12-31"));
    String base = "/api/v1/projects/" + code;
    ok("project:gxj", base + "/reports", report("2026-05", 4000, 40));

    HttpResponse<Buffer> down = post("project:gxj", base + "/reports", report("2026-06", 3500, 40));
    assertThat(down.statusCode()).isEqualTo(409);
    assertThat(down.bodyAsJsonObject().getJsonArray("allowed").getList())
        .containsExactly("report", "raise");
    HttpResponse<Buffer> corrected =
        post(
            "project:gxj",
            base + "/reports",
            report("2026-06", 3500, 40).put("correction", true).put("note", "重复计列更正"));
    assertThat(corrected.statusCode()).as(corrected.bodyAsString()).isEqualTo(200);

    // a lead of another department neither sees nor edits it; the town reads, raises, no reports
    assertThat(post("project:zjj", base + "/reports", report("2026-06", 4000, 45)).statusCode())
        .isEqualTo(404);
    assertThat(server.getAs("project:zjj", base).statusCode()).isEqualTo(404);
    assertThat(
            post("town:" + LIFE_TOWN, base + "/reports", report("2026-06", 4000, 45)).statusCode())
        .isEqualTo(403);
    assertThat(post("leader", base + "/reports", report("2026-06", 4000, 45)).statusCode())
        .isEqualTo(403);
    assertThat(post("dept:gxj", base + "/reports", report("2026-06", 4000, 45)).statusCode())
        .isEqualTo(403);
    assertThat(post("town:371502002", base + "/problems", new JsonObject()).statusCode())
        .isEqualTo(404);
    assertThat(server.getAs("admin", base).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> invalid =
        post(
            "project:gxj",
            base + "/reports",
            report("2026-13", 4000, 140)
                .put("photos", new JsonArray().add("http://img.example.org/a.jpg"))
                .put(
                    "milestones",
                    new JsonArray()
                        .add(new JsonObject().put("code", "m9").put("reachedOn", "2026-06-01"))));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(fields(invalid))
        .containsExactlyInAnyOrder("period", "percentDone", "photos[0]", "milestones[0].code");
    HttpResponse<Buffer> problem =
        post(
            "duty",
            base + "/problems",
            new JsonObject().put("owner", "nobody").put("due", "2026-06-01"));
    assertThat(problem.statusCode()).isEqualTo(422);
    assertThat(fields(problem)).containsExactlyInAnyOrder("description", "owner", "due");
    assertThat(
            post("duty", base + "/problems/P7/resolve", new JsonObject().put("note", "x"))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            post("duty", "/api/v1/projects/NOPE-" + RUN + "/reports", report("2026-06", 1, 1))
                .statusCode())
        .isEqualTo(404);
    assertThat(server.getAs("duty", "/api/v1/projects?status=late").statusCode()).isEqualTo(422);
  }

  @Test
  @DisplayName("the figures over five known projects equal the expected numbers exactly")
  void figures() throws Exception {
    CLOCK.set(T0);
    String p = "PF-" + RUN + "-";
    String a =
        register(
            registration(
                p + "A", FIGURES_TOWN, "manufacturing", 10000, "2026-01-01", "2026-12-31"));
    String b =
        register(
            registration(
                p + "B", FIGURES_TOWN, "manufacturing", 20000, "2026-01-01", "2026-12-31"));
    String c =
        register(registration(p + "C", FIGURES_TOWN, "digital", 30000, "2026-01-01", "2026-12-31"));
    String d =
        register(registration(p + "D", FIGURES_TOWN, "digital", 5000, "2025-06-01", "2026-06-01"));
    String e =
        register(registration(p + "E", FIGURES_TOWN, "energy", 10000, "2026-01-01", "2026-12-31"));
    String lead = "project:gxj";
    ok(
        lead,
        "/api/v1/projects/" + a + "/reports",
        report("2026-06", 4500, 45).mergeIn(reached("m1")));
    ok(
        lead,
        "/api/v1/projects/" + b + "/reports",
        report("2026-06", 5000, 30).mergeIn(reached("m1")));
    ok(lead, "/api/v1/projects/" + c + "/reports", report("2026-06", 3000, 20));
    ok(
        lead,
        "/api/v1/projects/" + d + "/reports",
        report("2026-06", 5000, 100)
            .put(
                "milestones",
                new JsonArray()
                    .add(new JsonObject().put("code", "m1").put("reachedOn", "2025-06-01"))
                    .add(new JsonObject().put("code", "m2").put("reachedOn", "2026-06-01"))));
    ok(
        lead,
        "/api/v1/projects/" + e + "/reports",
        report("2026-06", 4000, 47).mergeIn(reached("m1")));
    JsonObject problem = new JsonObject().put("description", "问题").put("owner", "xzspj");
    ok(lead, "/api/v1/projects/" + a + "/problems", problem.copy().put("due", "2026-06-16"));
    ok(lead, "/api/v1/projects/" + a + "/problems/P1/resolve", new JsonObject().put("note", "已解决"));
    ok(lead, "/api/v1/projects/" + b + "/problems", problem.copy().put("due", "2026-07-30"));
    ok(
        "town:" + FIGURES_TOWN,
        "/api/v1/projects/" + e + "/problems",
        problem.copy().put("due", "2026-06-16"));

    // five days later (2026-06-20): 170 of 364 days = 46.7 % planned
    CLOCK.set(T0.plus(Duration.ofDays(5)));
    elastic("gridpulse-projects", "_count", new JsonObject());
    JsonObject s =
        server.getAs("leader", "/api/v1/projects/summary?scope=" + FIGURES_TOWN).bodyAsJsonObject();
    assertThat(s.getString("asOf")).isEqualTo("2026-06-20");
    assertThat(s.getJsonObject("byStatus"))
        .isEqualTo(
            new JsonObject()
                .put("on_track", 1)
                .put("delayed", 1)
                .put("at_risk", 2)
                .put("completed", 1));
    assertThat(s.getDouble("plannedInvestment")).isEqualTo(75000);
    assertThat(s.getDouble("completedInvestment")).isEqualTo(21500);
    assertThat(s.getDouble("investmentRate")).isEqualTo(0.2867);
    assertThat(s.getInteger("openProblems")).isEqualTo(2);
    assertThat(s.getInteger("overdueProblems")).isEqualTo(1);
    assertThat(s.getInteger("overdueMilestones")).isEqualTo(1);
    assertThat(s.getJsonArray("towns")).hasSize(1);
    assertThat(s.getJsonArray("towns").getJsonObject(0).getString("code")).isEqualTo(FIGURES_TOWN);
    JsonArray sectors = s.getJsonArray("sectors");
    assertThat(sectors.stream().map(x -> ((JsonObject) x).getString("code")))
        .containsExactly("digital", "energy", "manufacturing");
    JsonObject digital = sectors.getJsonObject(0);
    assertThat(digital.getInteger("projects")).isEqualTo(2);
    assertThat(digital.getDouble("investmentRate")).isEqualTo(0.2286);
    assertThat(digital.getJsonObject("byStatus").getInteger("at_risk")).isEqualTo(1);
    assertThat(digital.getJsonObject("byStatus").getInteger("completed")).isEqualTo(1);
    assertThat(digital.getInteger("overdueMilestones")).isEqualTo(1);
    JsonObject energy = sectors.getJsonObject(1);
    assertThat(energy.getDouble("investmentRate")).isEqualTo(0.4);
    assertThat(energy.getInteger("overdueProblems")).isEqualTo(1);
    JsonObject manufacturing = sectors.getJsonObject(2);
    assertThat(manufacturing.getDouble("investmentRate")).isEqualTo(0.3167);
    assertThat(manufacturing.getJsonObject("byStatus").getInteger("on_track")).isEqualTo(1);
    assertThat(manufacturing.getJsonObject("byStatus").getInteger("delayed")).isEqualTo(1);
    assertThat(manufacturing.getInteger("openProblems")).isEqualTo(1);

    // the list: derived status per project, filters by status, sector and leader
    JsonObject list =
        server.getAs("duty", "/api/v1/projects?town=" + FIGURES_TOWN).bodyAsJsonObject();
    assertThat(list.getInteger("total")).isEqualTo(5);
    assertThat(
            list.getJsonArray("projects").stream()
                .map(
                    x ->
                        ((JsonObject) x).getString("code")
                            + ":"
                            + ((JsonObject) x).getString("status")))
        .containsExactly(
            a + ":on_track", b + ":delayed", c + ":at_risk", d + ":completed", e + ":at_risk");
    JsonObject cView = list.getJsonArray("projects").getJsonObject(2);
    assertThat(cView.getDouble("plannedPercent")).isEqualTo(46.7);
    assertThat(cView.getDouble("lag")).isEqualTo(26.7);
    assertThat(cView.getJsonArray("overdueMilestones").getList()).containsExactly("m1");
    assertThat(cView.getDouble("investmentRate")).isEqualTo(0.1);
    assertThat(codes("/api/v1/projects?town=" + FIGURES_TOWN + "&status=at_risk"))
        .containsExactly(c, e);
    assertThat(codes("/api/v1/projects?town=" + FIGURES_TOWN + "&sector=digital"))
        .containsExactly(c, d);
    assertThat(codes("/api/v1/projects?town=" + FIGURES_TOWN + "&leader=CL05&lead=gxj"))
        .containsExactly(a, b, c, d, e);
    assertThat(codes("/api/v1/projects?town=" + FIGURES_TOWN + "&leader=CL01")).isEmpty();

    // a town reads its own town's figures, not another's
    assertThat(
            server
                .getAs("town:" + FIGURES_TOWN, "/api/v1/projects/summary")
                .bodyAsJsonObject()
                .getInteger("projects"))
        .isEqualTo(5);
    assertThat(
            server
                .getAs("town:" + FIGURES_TOWN, "/api/v1/projects/summary?scope=district")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            server.getAs("town:" + FIGURES_TOWN, "/api/v1/projects?town=" + LIFE_TOWN).statusCode())
        .isEqualTo(403);
    CLOCK.set(T0);
  }

  static List<String> codes(String path) throws Exception {
    HttpResponse<Buffer> r = server.getAs("duty", path);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (Object x : r.bodyAsJsonObject().getJsonArray("projects")) {
      out.add(((JsonObject) x).getString("code"));
    }
    return out;
  }
}
