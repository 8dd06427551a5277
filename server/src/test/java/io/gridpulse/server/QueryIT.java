package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.seeds.DivisionRef;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The query API on a data set built through the public API on a clock set to 11 March 2024 (a
 * Monday; a month no other test uses), in a town other tests leave alone, for two departments no
 * other test dispatches to. Every number below is worked out by hand from the steps' times.
 *
 * <p>Times are hours after {@link #T0} (10:00 in the district). Sanitation has 24 hours, gas safety
 * 4 (wall clock); a red card falls half the limit after the deadline.
 *
 * <pre>
 * event  where    category    steps (hour: step)                                   at 7 h
 * E1     V1 G1a   sanitation  (source hotline)                                     reported
 * E2     V1 G1a   sanitation  0: triage town                                       triaged
 * E3     V1 G1b   sanitation  0: dispatch D; 1: sign; 5: resolve; 6: visit 5, close closed
 * E4     V2 G2    gas         0: dispatch D; .5: sign; 5: yellow; 6: resolve (late), visit 3   visited
 * E5     V1 G1a   sanitation  2: dispatch D (deadline 26)                           dispatched
 * E6     V2 G2    gas         1: dispatch D (deadline 5); 2: sign; 5: yellow; 7: red  signed
 * E7     V1 G1b   sanitation  3: dispatch D (deadline 27); 3.5: sign; 4: suspend    suspended
 * E8     V2 G2    sanitation  1.5: dispatch D (deadline 25.5); 2: sign; 2.5: progress in_progress
 * E9     V1 G1a   sanitation  0: dispatch D2; 2: sign; 4: resolve; 6: visit 4        visited
 * E10    V2 G2    sanitation  0: dispatch D2; 1: return; 2.5: dispatch D (deadline 26.5) dispatched
 * E11    V1 G1b   sanitation  0: dispatch D2; 1: transfer to D (deadline 25)         dispatched
 * E12    V2 G2    sanitation  0: triage grid; 1: handle                             resolved
 * E13    T2       sanitation  0.5: dispatch D (deadline 24.5)                        dispatched
 * </pre>
 *
 * E_k is reported k minutes before T0, so the newest first is E1, E2, … E13.
 */
@DisplayName("The query API of the closed loop: search, drill-down, queues, performance, access")
class QueryIT {
  /** Monday 11 March 2024, 10:00 in the district. */
  static final Instant T0 = Instant.parse("2024-03-11T02:00:00Z");

  static final TestClock CLOCK = new TestClock(T0);
  static final String FROM = T0.minus(Duration.ofDays(1)).toString();
  static final String TO = T0.plus(Duration.ofDays(1)).toString();
  static final String WINDOW = "from=" + enc(FROM) + "&to=" + enc(TO);

  /** Two departments no other test dispatches to. */
  static final String D = "gdgs";

  static final String D2 = "zls";

  static final String DUTY = "duty";

  static TestServer server;
  static String town;
  static String town2;
  static String v1;
  static String v2;
  static String g1a;
  static String g1b;
  static String g2;
  static String g3;
  static final Map<Integer, String> ID = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    server =
        TestServer.start(
            stack.redis().url(), stack.elasticsearch().url(), "query-" + UUID.randomUUID(), CLOCK);
    pickPlaces();
    buildDataSet();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * The last town (not the one other tests use) with a village of two grids or more and another
   * village; and another town.
   */
  static void pickPlaces() {
    List<Town> towns = new ArrayList<>(TestServer.DISTRICT.towns());
    java.util.Collections.reverse(towns);
    for (Town candidate : towns) {
      List<Village> villages = TestServer.DISTRICT.villagesOf(candidate.code());
      Village wide =
          villages.stream()
              .filter(v -> TestServer.DISTRICT.gridsOf(v.code()).size() >= 2)
              .findFirst()
              .orElse(null);
      Village other =
          villages.stream()
              .filter(v -> wide != null && !v.code().equals(wide.code()))
              .filter(v -> !TestServer.DISTRICT.gridsOf(v.code()).isEmpty())
              .findFirst()
              .orElse(null);
      if (candidate.code().equals("371502001") || wide == null || other == null) {
        continue;
      }
      if (town == null) {
        town = candidate.code();
        v1 = wide.code();
        v2 = other.code();
        List<Grid> grids = TestServer.DISTRICT.gridsOf(v1);
        g1a = grids.get(0).code();
        g1b = grids.get(1).code();
        g2 = TestServer.DISTRICT.gridsOf(v2).get(0).code();
      } else {
        town2 = candidate.code();
        g3 = TestServer.DISTRICT.gridsOf(other.code()).get(0).code();
        return;
      }
    }
    throw new IllegalStateException("no two towns fit");
  }

  static void buildDataSet() throws Exception {
    String[] grids = {null, g1a, g1a, g1b, g2, g1a, g2, g1b, g2, g1a, g2, g1b, g2, g3};
    JsonArray batch = new JsonArray();
    for (int k = 1; k <= 13; k++) {
      String id = "query-e" + k + "-" + UUID.randomUUID().toString().substring(0, 8);
      ID.put(k, id);
      JsonObject event =
          TestServer.event(id, "query event E" + k, grids[k])
              .put("category", k == 4 || k == 6 ? "gas-safety" : "sanitation")
              .put("reportedAt", T0.minus(Duration.ofMinutes(k)).toString());
      if (k == 1) {
        event.put("source", "hotline");
      }
      if (k == 3) {
        event.put("reporter", new JsonObject().put("name", "张三").put("phone", "13912345678"));
      }
      if (k == 5) {
        event.put("description", "manhole cover missing on the lane");
      }
      if (k == 9) {
        event.put("title", "路灯不亮 E9");
      }
      batch.add(event);
    }
    HttpResponse<Buffer> accepted = server.intake(new JsonObject().put("events", batch));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject().getInteger("accepted")).isEqualTo(13);
    for (String id : ID.values()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.getAs(DUTY, "/api/v1/events/" + id).statusCode() == 200);
    }

    at(0);
    take(DUTY, 2, triage("town"));
    dispatch(3, D);
    dispatch(4, D);
    dispatch(9, D2);
    dispatch(10, D2);
    dispatch(11, D2);
    take(DUTY, 12, triage("grid"));
    at(0.5);
    take("dept:" + D, 4, action("sign"));
    dispatch(13, D);
    at(1);
    take("dept:" + D, 3, action("sign"));
    dispatch(6, D);
    take("dept:" + D2, 10, action("return").put("reason", "not ours"));
    take("dept:" + D2, 11, action("transfer").put("department", D));
    take(DUTY, 12, action("handle").put("note", "done in the grid"));
    at(1.5);
    dispatch(8, D);
    at(2);
    dispatch(5, D);
    take("dept:" + D, 6, action("sign"));
    take("dept:" + D, 8, action("sign"));
    take("dept:" + D2, 9, action("sign"));
    at(2.5);
    take("dept:" + D, 8, action("progress").put("note", "crew on site"));
    take(DUTY, 10, action("dispatch").put("department", D));
    at(3);
    dispatch(7, D);
    at(3.5);
    take("dept:" + D, 7, action("sign"));
    at(4);
    take(DUTY, 7, action("suspend").put("reason", "waiting for the owner"));
    take("dept:" + D2, 9, action("resolve").put("note", "lamp replaced"));
    at(5);
    take("dept:" + D, 3, action("resolve").put("note", "cleaned"));
    sweep(); // E4 (deadline 4 h) and E6 (5 h): yellow
    at(6);
    take("dept:" + D, 4, action("resolve").put("note", "valve replaced"));
    take(DUTY, 3, action("visit").put("satisfaction", 5));
    take(DUTY, 3, action("close"));
    take(DUTY, 4, action("visit").put("satisfaction", 3));
    take(DUTY, 9, action("visit").put("satisfaction", 4));
    at(7);
    sweep(); // E6: red (5 h + 2 h)
    refresh();
  }

  // ------------------------------------------------------------------ search

  @Test
  @DisplayName("search: newest first by default, in two pages and a last one, no duplicates")
  void searchPages() throws Exception {
    JsonObject all = ok(DUTY, "/api/v1/events?scope=" + town + "&" + WINDOW);
    assertThat(all.getInteger("total")).isEqualTo(12);
    assertThat(ids(all)).containsExactlyElementsOf(events(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    assertThat(all.getValue("next")).isNull();
    assertThat(all.getJsonArray("events").getJsonObject(0).containsKey("timeline")).isFalse();

    List<Integer> sizes = new ArrayList<>();
    List<String> seen =
        everyPage(DUTY, "/api/v1/events?size=5&scope=" + town + "&" + WINDOW, sizes, 12);
    assertThat(sizes).containsExactly(5, 5, 2);
    assertThat(new HashSet<>(seen)).hasSize(12);
    assertThat(seen).containsExactlyElementsOf(events(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  }

  @Test
  @DisplayName("search: each filter narrows the result to exactly the events it names")
  void searchFilters() throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("category=gas-safety", events(4, 6));
    expected.put("status=dispatched,signed", events(5, 6, 10, 11));
    expected.put("status=dispatched&status=signed", events(5, 6, 10, 11));
    expected.put("level=grid", events(12));
    expected.put("level=town", events(2));
    expected.put("department=" + D2, events(9));
    expected.put("department=" + D, events(3, 4, 5, 6, 7, 8, 10, 11));
    expected.put("source=hotline", events(1));
    expected.put("overdue=true", events(4, 6));
    expected.put("overdue=false", events(1, 2, 3, 5, 7, 8, 9, 10, 11, 12));
    expected.put("card=yellow", events(4));
    expected.put("card=red", events(6));
    expected.put("q=manhole", events(5));
    expected.put("q=" + enc("路灯"), events(9));
    expected.put("q=" + enc("query event"), events(1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      JsonObject found = ok(DUTY, "/api/v1/events?scope=" + town + "&" + WINDOW + "&" + e.getKey());
      assertThat(ids(found)).as(e.getKey()).containsExactlyElementsOf(e.getValue());
      assertThat(found.getInteger("total")).as(e.getKey()).isEqualTo(e.getValue().size());
    }
    // the window: from inclusive, to exclusive
    String narrow =
        "from="
            + enc(T0.minus(Duration.ofMinutes(3)).toString())
            + "&to="
            + enc(T0.minus(Duration.ofMinutes(1)).toString());
    assertThat(ids(ok(DUTY, "/api/v1/events?" + narrow))).containsExactlyElementsOf(events(2, 3));
    // scopes: a village, a grid, the district
    assertThat(ids(ok(DUTY, "/api/v1/events?scope=" + v1 + "&" + WINDOW)))
        .containsExactlyElementsOf(events(1, 2, 3, 5, 7, 9, 11));
    assertThat(ids(ok(DUTY, "/api/v1/events?scope=" + g1a + "&" + WINDOW)))
        .containsExactlyElementsOf(events(1, 2, 5, 9));
    assertThat(ok(DUTY, "/api/v1/events?" + WINDOW).getInteger("total")).isEqualTo(13);
    // by deadline, nearest first
    assertThat(
            ids(
                ok(
                    DUTY,
                    "/api/v1/events?sort=deadline&department="
                        + D
                        + "&status=dispatched,signed,in_progress,suspended&scope="
                        + town
                        + "&"
                        + WINDOW)))
        .containsExactlyElementsOf(events(6, 11, 8, 5, 10, 7));
  }

  @Test
  @DisplayName("search: every bad parameter is named in a 400 problem")
  void badParameters() throws Exception {
    HttpResponse<Buffer> bad =
        server.getAs(
            DUTY,
            "/api/v1/events?size=0&sort=title&status=lost&from=yesterday&scope=123"
                + "&overdue=maybe&card=green&after=zzz&category=nope&level=county&source=fax"
                + "&department=nope");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(fieldsInError(bad))
        .containsExactlyInAnyOrder(
            "scope",
            "category",
            "status",
            "level",
            "department",
            "source",
            "from",
            "overdue",
            "card",
            "sort",
            "size",
            "after");
    assertThat(fieldsInError(server.getAs(DUTY, "/api/v1/events/counts?scope=37150200")))
        .containsExactly("scope");
    assertThat(fieldsInError(server.getAs(DUTY, "/api/v1/departments/" + D + "/queue?size=201")))
        .containsExactly("size");
    assertThat(fieldsInError(server.getAs(DUTY, "/api/v1/departments/performance?from=today")))
        .containsExactly("from");
  }

  // ------------------------------------------------------------------ counts

  @Test
  @DisplayName("counts: a town and each of its villages, by status and level, zeros included")
  void countsOfATown() throws Exception {
    JsonObject counts = ok(DUTY, "/api/v1/events/counts?scope=" + town + "&" + WINDOW);
    assertThat(counts.getString("scope")).isEqualTo(town);
    assertThat(counts.getString("name"))
        .isEqualTo(TestServer.DISTRICT.town(town).orElseThrow().name());
    assertThat(counts.getString("level")).isEqualTo("town");
    assertThat(counts.getInteger("total")).isEqualTo(12);
    assertThat(counts.getInteger("open")).isEqualTo(8);
    assertThat(counts.getInteger("overdue")).isEqualTo(1);
    assertThat(counts.getJsonObject("byStatus"))
        .isEqualTo(
            byStatus(
                "reported=1 triaged=1 dispatched=3 signed=1 in_progress=1 suspended=1"
                    + " resolved=1 visited=2 closed=1"));
    assertThat(counts.getJsonObject("byLevel"))
        .isEqualTo(new JsonObject().put("grid", 1).put("town", 1).put("district", 9));

    Map<String, JsonObject> children = children(counts, town);
    children.forEach(
        (code, child) -> {
          if (!code.equals(v1) && !code.equals(v2)) {
            assertThat(child.getInteger("total")).isZero();
            assertThat(child.getInteger("open")).isZero();
            assertThat(child.getJsonObject("byStatus")).isEqualTo(byStatus(""));
          }
        });
    JsonObject first = children.get(v1);
    assertThat(first.getInteger("total")).isEqualTo(7);
    assertThat(first.getInteger("open")).isEqualTo(5);
    assertThat(first.getInteger("overdue")).isZero();
    assertThat(first.getJsonObject("byStatus"))
        .isEqualTo(byStatus("reported=1 triaged=1 dispatched=2 suspended=1 visited=1 closed=1"));
    JsonObject second = children.get(v2);
    assertThat(second.getInteger("total")).isEqualTo(5);
    assertThat(second.getInteger("open")).isEqualTo(3);
    assertThat(second.getInteger("overdue")).isEqualTo(1);
    assertThat(second.getJsonObject("byStatus"))
        .isEqualTo(byStatus("dispatched=1 signed=1 in_progress=1 resolved=1 visited=1"));
  }

  @Test
  @DisplayName("counts: the district by town, a village by grid, a grid alone; filters apply")
  void countsDrillDown() throws Exception {
    JsonObject district = ok(DUTY, "/api/v1/events/counts?" + WINDOW);
    assertThat(district.getString("scope")).isEqualTo("371502");
    assertThat(district.getInteger("total")).isEqualTo(13);
    Map<String, JsonObject> towns = children(district, "371502");
    assertThat(towns).hasSize(TestServer.DISTRICT.towns().size());
    assertThat(towns.get(town).getInteger("total")).isEqualTo(12);
    assertThat(towns.get(town2).getInteger("total")).isEqualTo(1);
    assertThat(towns.get(town2).getJsonObject("byStatus")).isEqualTo(byStatus("dispatched=1"));
    assertThat(towns.values().stream().mapToInt(t -> t.getInteger("total")).sum()).isEqualTo(13);

    JsonObject village = ok(DUTY, "/api/v1/events/counts?scope=" + v1 + "&" + WINDOW);
    Map<String, JsonObject> grids = children(village, v1);
    assertThat(grids.get(g1a).getInteger("total")).isEqualTo(4);
    assertThat(grids.get(g1b).getInteger("total")).isEqualTo(3);
    assertThat(grids.get(g1b).getJsonObject("byStatus"))
        .isEqualTo(byStatus("closed=1 suspended=1 dispatched=1"));

    JsonObject grid = ok(DUTY, "/api/v1/events/counts?scope=" + g2 + "&" + WINDOW);
    assertThat(grid.getString("level")).isEqualTo("grid");
    assertThat(grid.getInteger("total")).isEqualTo(5);
    assertThat(grid.getJsonArray("children")).isEmpty();

    JsonObject gas =
        ok(DUTY, "/api/v1/events/counts?scope=" + town + "&category=gas-safety&" + WINDOW);
    assertThat(gas.getInteger("total")).isEqualTo(2);
    assertThat(gas.getInteger("open")).isEqualTo(1);
    assertThat(children(gas, town).get(v2).getInteger("total")).isEqualTo(2);
    JsonObject running =
        ok(DUTY, "/api/v1/events/counts?scope=" + town + "&status=signed,suspended&" + WINDOW);
    assertThat(running.getJsonObject("byStatus")).isEqualTo(byStatus("signed=1 suspended=1"));
  }

  // ------------------------------------------------------------------ queue

  @Test
  @DisplayName("queue: a department's open work by time left, paused last, in pages")
  void queue() throws Exception {
    JsonObject queue = ok(DUTY, "/api/v1/departments/" + D + "/queue");
    assertThat(queue.getJsonObject("department").getString("code")).isEqualTo(D);
    assertThat(queue.getInteger("total")).isEqualTo(7);
    assertThat(ids(queue)).containsExactlyElementsOf(events(6, 13, 11, 8, 5, 10, 7));
    assertThat(timeLeft(queue))
        .containsExactly(-7200L, 63000L, 64800L, 66600L, 68400L, 70200L, 82800L);
    assertThat(queue.getValue("next")).isNull();

    List<Integer> sizes = new ArrayList<>();
    List<String> seen = everyPage(DUTY, "/api/v1/departments/" + D + "/queue?size=3", sizes, 7);
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactlyElementsOf(events(6, 13, 11, 8, 5, 10, 7));

    // the town sees the department's work in its own town; the department its own queue
    assertThat(ids(ok("town:" + town, "/api/v1/departments/" + D + "/queue")))
        .containsExactlyElementsOf(events(6, 11, 8, 5, 10, 7));
    assertThat(ids(ok("dept:" + D, "/api/v1/departments/" + D + "/queue")))
        .containsExactlyElementsOf(events(6, 13, 11, 8, 5, 10, 7));
    assertThat(ok(DUTY, "/api/v1/departments/" + D2 + "/queue").getInteger("total")).isZero();
    assertThat(server.getAs(DUTY, "/api/v1/departments/nosuch/queue").statusCode()).isEqualTo(404);
  }

  // ------------------------------------------------------------------ performance

  @Test
  @DisplayName("performance: every department, the two at work with their figures, the rest zeros")
  void performance() throws Exception {
    JsonObject report = ok(DUTY, "/api/v1/departments/performance?" + WINDOW);
    assertThat(report.getString("from")).isEqualTo(FROM);
    assertThat(report.getString("to")).isEqualTo(TO);
    Map<String, JsonObject> byCode = new LinkedHashMap<>();
    report
        .getJsonArray("departments")
        .forEach(d -> byCode.put(((JsonObject) d).getString("code"), (JsonObject) d));
    assertThat(byCode).hasSize(TestServer.DISTRICT.departments().size());

    JsonObject d = byCode.get(D);
    assertThat(d.getInteger("dispatched")).isEqualTo(9);
    assertThat(d.getInteger("signed")).isEqualTo(5);
    assertThat(d.getInteger("resolved")).isEqualTo(2);
    assertThat(d.getInteger("resolvedOnTime")).isEqualTo(1);
    assertThat(d.getDouble("onTimeRate")).isEqualTo(0.5);
    // signed after 1 h, 0.5 h, 1 h, 0.5 h, 0.5 h
    assertThat(d.getDouble("avgSignSeconds")).isEqualTo(2520.0);
    // resolved 5 h and 6 h after the dispatch
    assertThat(d.getDouble("avgResolveSeconds")).isEqualTo(19800.0);
    assertThat(d.getDouble("avgSatisfaction")).isEqualTo(4.0);
    assertThat(d.getInteger("satisfactionCount")).isEqualTo(2);
    assertThat(d.getInteger("openOverdue")).isEqualTo(1);
    assertThat(d.getInteger("returns")).isEqualTo(1);
    assertThat(d.getInteger("transfers")).isEqualTo(1);

    JsonObject d2 = byCode.get(D2);
    assertThat(d2.getInteger("dispatched")).isEqualTo(1);
    assertThat(d2.getInteger("signed")).isEqualTo(1);
    assertThat(d2.getDouble("avgSignSeconds")).isEqualTo(7200.0);
    assertThat(d2.getInteger("resolved")).isEqualTo(1);
    assertThat(d2.getDouble("onTimeRate")).isEqualTo(1.0);
    assertThat(d2.getDouble("avgResolveSeconds")).isEqualTo(14400.0);
    assertThat(d2.getDouble("avgSatisfaction")).isEqualTo(4.0);
    assertThat(d2.getInteger("openOverdue")).isZero();
    assertThat(d2.getInteger("returns")).isZero();

    JsonObject idle = byCode.get("cgj");
    assertThat(idle.getInteger("dispatched")).isZero();
    assertThat(idle.getInteger("resolved")).isZero();
    assertThat(idle.getValue("onTimeRate")).isNull();
    assertThat(idle.getValue("avgSignSeconds")).isNull();
    assertThat(idle.getValue("avgSatisfaction")).isNull();
    assertThat(idle.getInteger("satisfactionCount")).isZero();

    JsonObject one = ok(DUTY, "/api/v1/departments/" + D + "/performance?" + WINDOW);
    assertThat(one.getString("code")).isEqualTo(D);
    assertThat(one.getInteger("dispatched")).isEqualTo(9);
    assertThat(one.getString("from")).isEqualTo(FROM);
    // the window is on the dispatch: nothing was dispatched in the hour before T0
    JsonObject before =
        ok(
            DUTY,
            "/api/v1/departments/"
                + D
                + "/performance?from="
                + enc(T0.minus(Duration.ofHours(1)).toString())
                + "&to="
                + enc(T0.toString()));
    assertThat(before.getInteger("dispatched")).isZero();
    // a town's user: the departments' work in its town (E13 is elsewhere)
    JsonObject forTown = ok("town:" + town, "/api/v1/departments/" + D + "/performance?" + WINDOW);
    assertThat(forTown.getInteger("dispatched")).isEqualTo(8);
  }

  // ------------------------------------------------------------------ access

  @Test
  @DisplayName("access: a town reads its own town only; others' scopes answer 403")
  void townAccess() throws Exception {
    String who = "town:" + town;
    JsonObject own = ok(who, "/api/v1/events?" + WINDOW);
    assertThat(own.getInteger("total")).isEqualTo(12);
    assertThat(ok(who, "/api/v1/events/counts?" + WINDOW).getString("scope")).isEqualTo(town);
    assertThat(ok(who, "/api/v1/events/counts?scope=" + v2 + "&" + WINDOW).getInteger("total"))
        .isEqualTo(5);
    for (String path :
        List.of(
            "/api/v1/events?scope=" + town2,
            "/api/v1/events?scope=371502",
            "/api/v1/events/counts?scope=" + town2,
            "/api/v1/events/counts?scope=" + g3)) {
      HttpResponse<Buffer> refused = server.getAs(who, path + "&" + WINDOW);
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    // the other town sees only its own event
    assertThat(ids(ok("town:" + town2, "/api/v1/events?" + WINDOW)))
        .containsExactlyElementsOf(events(13));
  }

  @Test
  @DisplayName("access: a department reads its own work, queue and performance; others' are 404")
  void departmentAccess() throws Exception {
    String who = "dept:" + D;
    assertThat(ids(ok(who, "/api/v1/events?" + WINDOW)))
        .containsExactlyElementsOf(events(3, 4, 5, 6, 7, 8, 10, 11, 13));
    assertThat(ok(who, "/api/v1/events?department=" + D2 + "&" + WINDOW).getInteger("total"))
        .isZero();
    JsonObject counts = ok(who, "/api/v1/events/counts?" + WINDOW);
    assertThat(counts.getInteger("total")).isEqualTo(9);
    assertThat(children(counts, "371502").get(town).getInteger("total")).isEqualTo(8);
    JsonArray all =
        ok(who, "/api/v1/departments/performance?" + WINDOW).getJsonArray("departments");
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).getString("code")).isEqualTo(D);
    assertThat(all.getJsonObject(0).getInteger("dispatched")).isEqualTo(9);
    HttpResponse<Buffer> otherQueue = server.getAs(who, "/api/v1/departments/" + D2 + "/queue");
    HttpResponse<Buffer> noQueue = server.getAs(who, "/api/v1/departments/nosuch/queue");
    assertThat(otherQueue.statusCode()).isEqualTo(404);
    assertThat(noQueue.statusCode()).isEqualTo(404);
    assertThat(otherQueue.bodyAsJsonObject().getString("title"))
        .isEqualTo(noQueue.bodyAsJsonObject().getString("title"));
    assertThat(server.getAs(who, "/api/v1/departments/" + D2 + "/performance").statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("access: leaders see reporters masked, duty in full; admins and strangers nothing")
  void leadersAdminsStrangers() throws Exception {
    String path = "/api/v1/events?scope=" + g1b + "&" + WINDOW;
    JsonObject asDuty = reporterOf(ok(DUTY, path), 3);
    assertThat(asDuty.getString("phone")).isEqualTo("13912345678");
    assertThat(asDuty.getString("name")).isEqualTo("张三");
    JsonObject asLeader = reporterOf(ok("leader", path), 3);
    assertThat(asLeader.getString("phone")).isEqualTo("139****5678");
    assertThat(asLeader.getString("name")).isEqualTo("张**");
    assertThat(ok("leader", "/api/v1/events/counts?" + WINDOW).getInteger("total")).isEqualTo(13);

    for (String route :
        List.of(
            "/api/v1/events?" + WINDOW,
            "/api/v1/events/counts",
            "/api/v1/departments/" + D + "/queue",
            "/api/v1/departments/performance",
            "/api/v1/departments/" + D + "/performance")) {
      assertThat(server.getAs("admin", route).statusCode()).as(route).isEqualTo(403);
      assertThat(server.await(server.http.get(route).send()).statusCode()).as(route).isEqualTo(401);
    }
  }

  // ------------------------------------------------------------------ helpers

  static void at(double hours) {
    CLOCK.set(T0.plus(Duration.ofMinutes(Math.round(hours * 60))));
  }

  static JsonObject action(String name) {
    return new JsonObject().put("action", name);
  }

  static JsonObject triage(String level) {
    return action("triage").put("level", level);
  }

  /** Triage to the district and the whistle to {@code department}, now. */
  static void dispatch(int k, String department) throws Exception {
    take(DUTY, k, triage("district"));
    take(DUTY, k, action("dispatch").put("department", department));
  }

  static void take(String who, int k, JsonObject step) throws Exception {
    HttpResponse<Buffer> answer =
        server.postAs(who, "/api/v1/events/" + ID.get(k) + "/transitions", step);
    assertThat(answer.statusCode())
        .as("E%d %s by %s: %s", k, step, who, answer.bodyAsString())
        .isEqualTo(200);
  }

  static void sweep() throws Exception {
    refresh();
    server.await(server.app.sweeper().sweepNow());
  }

  static void refresh() throws Exception {
    server.refreshEvents();
  }

  static JsonObject ok(String who, String path) throws Exception {
    HttpResponse<Buffer> answer = server.getAs(who, path);
    assertThat(answer.statusCode())
        .as("%s as %s: %s", path, who, answer.bodyAsString())
        .isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  /**
   * The ids of every page of {@code path} (with its query string), following {@code next} until
   * there is none; each page's size goes to {@code sizes}, and each must give the same total.
   */
  static List<String> everyPage(String who, String path, List<Integer> sizes, int total)
      throws Exception {
    List<String> seen = new ArrayList<>();
    String next = null;
    do {
      JsonObject page = ok(who, path + (next == null ? "" : "&after=" + enc(next)));
      assertThat(page.getInteger("total")).isEqualTo(total);
      sizes.add(page.getJsonArray("events").size());
      seen.addAll(ids(page));
      next = page.getString("next");
    } while (next != null);
    return seen;
  }

  static List<String> events(int... ks) {
    List<String> out = new ArrayList<>();
    for (int k : ks) {
      out.add(ID.get(k));
    }
    return out;
  }

  static List<String> ids(JsonObject listing) {
    List<String> out = new ArrayList<>();
    listing.getJsonArray("events").forEach(e -> out.add(((JsonObject) e).getString("id")));
    return out;
  }

  static List<Long> timeLeft(JsonObject queue) {
    List<Long> out = new ArrayList<>();
    queue.getJsonArray("events").forEach(e -> out.add(((JsonObject) e).getLong("timeLeftSeconds")));
    return out;
  }

  static JsonObject reporterOf(JsonObject listing, int k) {
    for (Object e : listing.getJsonArray("events")) {
      JsonObject event = (JsonObject) e;
      if (ID.get(k).equals(event.getString("id"))) {
        return event.getJsonObject("reporter");
      }
    }
    return null;
  }

  /** The children of a count, by code, after checking they are the division's, in order. */
  static Map<String, JsonObject> children(JsonObject counts, String scope) {
    List<DivisionRef> expected = TestServer.DISTRICT.division(scope).orElseThrow().children();
    JsonArray children = counts.getJsonArray("children");
    assertThat(children).hasSize(expected.size());
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      JsonObject child = children.getJsonObject(i);
      assertThat(child.getString("code")).isEqualTo(expected.get(i).code());
      assertThat(child.getString("name")).isEqualTo(expected.get(i).name());
      out.put(child.getString("code"), child);
    }
    return out;
  }

  /** Every status with zero, but those named ({@code "dispatched=3 signed=1"}) with theirs. */
  static JsonObject byStatus(String counts) {
    JsonObject out = new JsonObject();
    for (Status status : Status.values()) {
      out.put(status.code(), 0);
    }
    for (String pair : counts.split(" ")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=");
        out.put(kv[0], Integer.parseInt(kv[1]));
      }
    }
    return out;
  }

  static List<String> fieldsInError(HttpResponse<Buffer> problem) {
    assertThat(problem.statusCode()).isEqualTo(400);
    List<String> out = new ArrayList<>();
    problem
        .bodyAsJsonObject()
        .getJsonArray("errors")
        .forEach(e -> out.add(((JsonObject) e).getString("field")));
    return out;
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
