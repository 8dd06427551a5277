package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.server.workflow.Sweeper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The closed loop on the real Redis and Elasticsearch, on a clock the test moves")
class WorkflowIT {
  /** Tuesday 30 September 2025, 10:00 in the district: the eve of the National Day holiday. */
  static final Instant EVE = Instant.parse("2025-09-30T02:00:00Z");

  static final TestClock CLOCK = new TestClock(EVE);
  static TestServer server;
  static TestServer second;
  static String esUrl;

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    String redis = stack.redis().url();
    String es = stack.elasticsearch().url();
    server = TestServer.start(redis, es, "wf-a-" + UUID.randomUUID(), CLOCK);
    second = TestServer.start(redis, es, "wf-b-" + UUID.randomUUID(), CLOCK);
    esUrl = es;
  }

  @AfterAll
  static void stop() throws Exception {
    if (second != null) {
      second.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** An event of {@code category} reported a minute before the test clock's now, indexed. */
  static String reported(String category) throws Exception {
    String id = TestServer.newId();
    JsonObject event =
        TestServer.event(id, "workflow " + category)
            .put("category", category)
            .put("reportedAt", CLOCK.instant().minusSeconds(60).toString())
            .put("reporter", new JsonObject().put("name", "张三").put("phone", "13912345678"));
    HttpResponse<Buffer> accepted = server.intake(event);
    assertThat(accepted.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.getAs("duty", "/api/v1/events/" + id).statusCode() == 200);
    return id;
  }

  static HttpResponse<Buffer> step(String who, String id, JsonObject step) throws Exception {
    return server.postAs(who, "/api/v1/events/" + id + "/transitions", step);
  }

  static JsonObject take(String who, String id, JsonObject step) throws Exception {
    HttpResponse<Buffer> answer = step(who, id, step);
    assertThat(answer.statusCode())
        .as("%s by %s: %s", step, who, answer.bodyAsString())
        .isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  static JsonObject action(String name) {
    return new JsonObject().put("action", name);
  }

  static JsonObject event(String id) throws Exception {
    HttpResponse<Buffer> got = server.getAs("duty", "/api/v1/events/" + id);
    assertThat(got.statusCode()).isEqualTo(200);
    return got.bodyAsJsonObject();
  }

  static List<String> actions(JsonObject event) {
    List<String> out = new ArrayList<>();
    event.getJsonArray("history").forEach(s -> out.add(((JsonObject) s).getString("action")));
    return out;
  }

  /** The steps of {@code id} in the transitions index, in order (once they are indexed). */
  static List<String> indexedSteps(String id, int expected) {
    List<String> steps = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              steps.clear();
              JsonObject query =
                  new JsonObject()
                      .put("size", 100)
                      .put("sort", new JsonArray().add("version"))
                      .put(
                          "query",
                          new JsonObject().put("term", new JsonObject().put("eventId", id)));
              JsonObject found =
                  server
                      .await(
                          server
                              .http
                              .postAbs(esUrl + "/gridpulse-transitions/_search")
                              .sendJsonObject(query))
                      .bodyAsJsonObject();
              found
                  .getJsonObject("hits")
                  .getJsonArray("hits")
                  .forEach(
                      h ->
                          steps.add(((JsonObject) h).getJsonObject("_source").getString("action")));
              assertThat(steps).hasSize(expected);
            });
    return steps;
  }

  @Test
  @DisplayName(
      "grid level: triaged to the grid, handled there, visited, closed; every step indexed")
  void gridLevel() throws Exception {
    String id = reported("sanitation");
    take("duty", id, action("triage").put("level", "grid"));
    take("town:371502001", id, action("handle").put("note", "swept by the grid worker"));
    take("duty", id, action("visit").put("satisfaction", 5));
    JsonObject closed = take("duty", id, action("close"));
    assertThat(closed.getString("status")).isEqualTo("closed");
    assertThat(closed.getLong("version")).isEqualTo(4);
    assertThat(closed.getJsonArray("allowed")).isEmpty();
    assertThat(actions(event(id)))
        .containsExactly("report", "accept", "triage", "handle", "visit", "close");
    assertThat(indexedSteps(id, 4)).containsExactly("triage", "handle", "visit", "close");
  }

  @Test
  @DisplayName(
      "town and district levels: the whistle, reporting in, progress, resolution, follow-up")
  void townAndDistrictLevels() throws Exception {
    String town = reported("street-lights");
    take("town:371502001", town, action("triage").put("level", "town"));
    take("town:371502001", town, action("dispatch").put("department", "cgj"));
    take("dept:cgj", town, action("sign"));
    take("dept:cgj", town, action("progress").put("note", "crew on site"));
    take("dept:cgj", town, action("resolve").put("note", "lamp replaced"));
    take("town:371502001", town, action("visit").put("satisfaction", 4));
    assertThat(take("town:371502001", town, action("close")).getString("status"))
        .isEqualTo("closed");

    String district = reported("gas-safety");
    take("duty", district, action("triage").put("level", "district"));
    JsonObject dispatched = take("duty", district, action("dispatch").put("department", "zjj"));
    assertThat(dispatched.getJsonObject("event").getString("deadline"))
        .isEqualTo(CLOCK.instant().plus(Duration.ofHours(4)).toString());
    assertThat(dispatched.getJsonArray("allowed")).contains("transfer", "supervise", "suspend");
    // the department sees its dispatch, with the reporter in full; the leader's wall masked
    HttpResponse<Buffer> asDept = server.getAs("dept:zjj", "/api/v1/events/" + district);
    assertThat(asDept.statusCode()).isEqualTo(200);
    assertThat(asDept.bodyAsJsonObject().getJsonObject("reporter").getString("phone"))
        .isEqualTo("13912345678");
    assertThat(
            server
                .getAs("leader", "/api/v1/events/" + district)
                .bodyAsJsonObject()
                .getJsonObject("reporter")
                .getString("phone"))
        .isEqualTo("139****5678");
    take("dept:zjj", district, action("sign"));
    take("dept:zjj", district, action("resolve").put("note", "valve replaced"));
    JsonObject notices = server.getAs("dept:zjj", "/api/v1/notices").bodyAsJsonObject();
    assertThat(
            notices.getJsonArray("notices").stream()
                .map(n -> ((JsonObject) n).getString("eventId")))
        .contains(district);
  }

  @Test
  @DisplayName(
      "an illegal step answers 409 with the steps allowed now; bad fields 422; others' events 404")
  void illegalSteps() throws Exception {
    String id = reported("sanitation");
    HttpResponse<Buffer> early = step("duty", id, action("close"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(early.bodyAsJsonObject().getJsonArray("allowed"))
        .isEqualTo(new JsonArray().add("triage"));
    HttpResponse<Buffer> bad = step("duty", id, action("triage").put("level", "county"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("level");
    HttpResponse<Buffer> unknown = step("duty", id, action("fly"));
    assertThat(unknown.statusCode()).isEqualTo(422);
    // another town's user, a department it was not dispatched to: as if it did not exist
    assertThat(step("town:371502002", id, action("triage").put("level", "town")).statusCode())
        .isEqualTo(404);
    assertThat(step("dept:cgj", id, action("sign")).statusCode()).isEqualTo(404);
    // a leader reads it but may only supervise
    HttpResponse<Buffer> leader = step("leader", id, action("triage").put("level", "town"));
    assertThat(leader.statusCode()).isEqualTo(403);
    assertThat(step("duty", "no-such-event", action("triage").put("level", "town")).statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> noBody =
        server.await(
            server
                .http
                .post("/api/v1/events/" + id + "/transitions")
                .bearerTokenAuthentication(server.token("duty"))
                .sendBuffer(Buffer.buffer("[1,2]")));
    assertThat(noBody.statusCode()).isEqualTo(400);
    assertThat(
            server
                .await(
                    server
                        .http
                        .post("/api/v1/events/" + id + "/transitions")
                        .sendJsonObject(action("triage")))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("officers acting at the same moment: exactly one step is taken, the others get 409")
  void concurrentSteps() throws Exception {
    String id = reported("sanitation");
    take("duty", id, action("triage").put("level", "town"));
    int racers = 8;
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    String token = server.token("duty");
    for (int i = 0; i < racers; i++) {
      answers.add(
          server
              .http
              .post("/api/v1/events/" + id + "/transitions")
              .bearerTokenAuthentication(token)
              .sendJsonObject(action("dispatch").put("department", i % 2 == 0 ? "cgj" : "zjj")));
    }
    server.await(Future.join(answers));
    long ok = answers.stream().filter(a -> a.result().statusCode() == 200).count();
    long conflicts = answers.stream().filter(a -> a.result().statusCode() == 409).count();
    assertThat(ok).isEqualTo(1);
    assertThat(conflicts).isEqualTo(racers - 1);
    JsonObject event = event(id);
    assertThat(event.getLong("version")).isEqualTo(2);
    assertThat(indexedSteps(id, 2)).containsExactly("triage", "dispatch");
  }

  @Test
  @DisplayName(
      "return and transfer move the work and the right to act on it; a poor rating reopens")
  void returnTransferReopen() throws Exception {
    String id = reported("street-lights");
    take("duty", id, action("triage").put("level", "district"));
    take("duty", id, action("dispatch").put("department", "gaj"));
    JsonObject moved =
        take("dept:gaj", id, action("transfer").put("department", "cgj").put("note", "lighting"));
    assertThat(moved.getJsonObject("event").getString("department")).isEqualTo("cgj");
    assertThat(step("dept:gaj", id, action("sign")).statusCode()).isEqualTo(404);
    JsonObject returned = take("dept:cgj", id, action("return").put("reason", "private road"));
    assertThat(returned.getString("status")).isEqualTo("returned");
    assertThat(step("dept:cgj", id, action("sign")).statusCode()).isEqualTo(404);
    take("duty", id, action("dispatch").put("department", "zjj"));
    take("dept:zjj", id, action("sign"));
    take("dept:zjj", id, action("resolve").put("note", "fixed"));
    JsonObject reopened =
        take("duty", id, action("visit").put("satisfaction", 1).put("comment", "still dark"));
    assertThat(reopened.getString("status")).isEqualTo("reopened");
    assertThat(reopened.getJsonObject("event").getInteger("reopens")).isEqualTo(1);
    assertThat(actions(event(id)))
        .containsSubsequence("transfer", "return", "dispatch", "sign", "resolve", "visit");
  }

  @Test
  @DisplayName(
      "yellow then red card at the working-calendar instants across the National Day holiday")
  void cardsAcrossAHoliday() throws Exception {
    CLOCK.set(EVE);
    String id = reported("public-facilities"); // 3 working days
    take("duty", id, action("triage").put("level", "town"));
    JsonObject dispatched = take("duty", id, action("dispatch").put("department", "cgj"));
    // 14 h left on 30 Sep; 1–8 Oct are holidays; 9 and 10 Oct count 48 h; 11 Oct, a Saturday
    // made a working day (调休), gives the last 10 h
    Instant deadline = Instant.parse("2025-10-11T10:00:00+08:00");
    // the red card half the limit (36 h of working time) later: 14 h on 11 Oct, Sunday skipped
    Instant red = Instant.parse("2025-10-13T22:00:00+08:00");
    assertThat(Instant.parse(dispatched.getJsonObject("event").getString("deadline")))
        .isEqualTo(deadline);
    assertThat(Instant.parse(dispatched.getJsonObject("event").getString("redCardAt")))
        .isEqualTo(red);

    CLOCK.set(deadline.minusSeconds(1));
    sweepUntilQuiet();
    assertThat(event(id).getString("card")).isEqualTo("none");
    CLOCK.set(deadline);
    sweepUntilQuiet();
    JsonObject yellow = event(id);
    assertThat(yellow.getString("card")).isEqualTo("yellow");
    assertThat(yellow.getBoolean("overdue")).isTrue();
    // a second sweep changes nothing more
    sweepUntilQuiet();
    assertThat(event(id).getLong("version")).isEqualTo(yellow.getLong("version"));
    CLOCK.set(red.minusSeconds(1));
    sweepUntilQuiet();
    assertThat(event(id).getString("card")).isEqualTo("yellow");
    CLOCK.set(red);
    sweepUntilQuiet();
    JsonObject carded = event(id);
    assertThat(carded.getString("card")).isEqualTo("red");
    assertThat(actions(carded)).containsSubsequence("dispatch", "yellow-card", "red-card");
    assertThat(actions(carded).stream().filter(a -> a.endsWith("-card"))).hasSize(2);
    // the department and the duty desk were told
    List<String> deptNotices = new ArrayList<>();
    server
        .getAs("dept:cgj", "/api/v1/notices?limit=500")
        .bodyAsJsonObject()
        .getJsonArray("notices")
        .forEach(
            n -> {
              JsonObject notice = (JsonObject) n;
              if (id.equals(notice.getString("eventId"))) {
                deptNotices.add(notice.getString("action"));
              }
            });
    assertThat(deptNotices).containsExactly("red-card", "yellow-card", "dispatch");
    CLOCK.set(EVE);
  }

  @Test
  @DisplayName("the sweeper on two instances at once: each overdue event carded exactly once")
  void twoSweepers() throws Exception {
    CLOCK.set(EVE);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = reported("sanitation"); // 24 hours
      take("duty", id, action("triage").put("level", "town"));
      take("duty", id, action("dispatch").put("department", "cgj"));
      ids.add(id);
    }
    CLOCK.set(EVE.plus(Duration.ofHours(25)));
    refresh();
    Future<Optional<Sweeper.Sweep>> a = server.app.sweeper().sweepNow();
    Future<Optional<Sweeper.Sweep>> b = second.app.sweeper().sweepNow();
    server.await(Future.join(a, b));
    // and once more, both, after the refresh: nothing more happens
    refresh();
    server.await(Future.join(server.app.sweeper().sweepNow(), second.app.sweeper().sweepNow()));
    for (String id : ids) {
      JsonObject event = event(id);
      assertThat(event.getString("card")).isEqualTo("yellow");
      assertThat(actions(event).stream().filter("yellow-card"::equals)).hasSize(1);
    }
    // while one instance holds the lock, the other does not sweep at all
    server.await(
        server
            .app
            .redis()
            .send(
                Request.cmd(Command.SET)
                    .arg("gridpulse:sweeper:lock")
                    .arg("someone-else")
                    .arg("PX")
                    .arg(60_000)));
    try {
      assertThat(server.await(second.app.sweeper().sweepNow())).isEmpty();
    } finally {
      server.await(server.app.redis().send(Request.cmd(Command.DEL).arg("gridpulse:sweeper:lock")));
    }
    assertThat(server.await(second.app.sweeper().sweepNow())).isPresent();
    CLOCK.set(EVE);
  }

  @Test
  @DisplayName(
      "an import source brings events with their past; their steps are replayed and indexed")
  void importWithHistory() throws Exception {
    CLOCK.set(EVE);
    Instant reported = EVE.minus(Duration.ofDays(5));
    String id = TestServer.newId();
    JsonObject event =
        TestServer.event(id, "imported with its past")
            .put("reportedAt", reported.toString())
            .put(
                "history",
                new JsonArray()
                    .add(past("triage", reported.plusSeconds(600), "duty").put("level", "district"))
                    .add(
                        past("dispatch", reported.plusSeconds(1200), "duty")
                            .put("department", "cgj"))
                    .add(past("sign", reported.plusSeconds(3600), "dept"))
                    // sanitation: 24 hours; resolved after 40 h, so both cards fell due before
                    .add(
                        past("resolve", reported.plus(Duration.ofHours(40)), "dept")
                            .put("note", "cleared")));
    // an ordinary source may not import
    HttpResponse<Buffer> refused = server.intake(event);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(
            refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("history");
    String importKey =
        server
            .await(
                new io.gridpulse.server.events.IntakeKeys(server.app.redis())
                    .issue("import", 100, 100))
            .key();
    HttpResponse<Buffer> accepted =
        server.await(
            server
                .http
                .post("/api/v1/events")
                .putHeader("X-Api-Key", importKey)
                .sendJsonObject(event));
    assertThat(accepted.statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.getAs("duty", "/api/v1/events/" + id).statusCode() == 200);
    JsonObject imported = event(id);
    assertThat(imported.getString("status")).isEqualTo("resolved");
    assertThat(imported.getString("card")).isEqualTo("red");
    assertThat(imported.getBoolean("resolvedOnTime")).isFalse();
    assertThat(actions(imported))
        .containsExactly(
            "report", "accept", "triage", "dispatch", "sign", "yellow-card", "red-card", "resolve");
    assertThat(indexedSteps(id, 6))
        .containsExactly("triage", "dispatch", "sign", "yellow-card", "red-card", "resolve");
    // and the loop goes on live from there
    take("duty", id, action("visit").put("satisfaction", 4));
  }

  static JsonObject past(String action, Instant at, String by) {
    return action(action).put("at", at.toString()).put("by", by);
  }

  /** Makes what was written searchable, then sweeps once on the first instance. */
  static void sweepUntilQuiet() throws Exception {
    refresh();
    server.await(server.app.sweeper().sweepNow());
  }

  static void refresh() throws Exception {
    server.refreshEvents();
  }
}
