package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.LatLon;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Mediation cases against the real Redis and Elasticsearch: the lifecycle end to end, the link
 * between a dispute event and its case both ways, idempotent registration and conversion, illegal
 * steps, who sees what, and the leaders' figures over a known data set. Its data lives in June 2023
 * (the test clock: no other test's month) and in towns no other test uses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Mediation cases")
class MediationIT {
  static final Instant T0 = Instant.parse("2023-06-12T02:00:00Z");
  static final TestClock CLOCK = new TestClock(T0);

  /** The town of the lifecycle and access tests. */
  static final String TOWN = "371502108";

  /** The town of the figures: nothing else is registered there. */
  static final String FIGURES = "371502110";

  static final String OTHER_TOWN = "371502001";
  static final String M1 = "PM073";
  static final String M2 = "PM074";
  static final String MF = "LW093";
  static final String JUNE = "from=2023-06-01T00:00:00%2B08:00&to=2023-07-01T00:00:00%2B08:00";
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    assertThat(TestServer.DISTRICT.mediator(MF).orElseThrow().townCode()).isEqualTo(FIGURES);
    assertThat(TestServer.DISTRICT.mediator(M1).orElseThrow().townCode()).isEqualTo(TOWN);
    server =
        TestServer.start(
            stack.redis().url(), stack.elasticsearch().url(), "med-" + UUID.randomUUID(), CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** An event of {@code category} in {@link #TOWN}, reported a minute before now, indexed. */
  static String reported(String category) throws Exception {
    String id = TestServer.newId();
    Grid grid = TestServer.DISTRICT.gridsOf(TOWN).get(0);
    LatLon c = grid.centroid();
    JsonObject event =
        new JsonObject()
            .put("id", id)
            .put("gridCode", grid.code())
            .put("category", category)
            .put("title", "a quarrel over a wall")
            .put("location", new JsonObject().put("lat", c.lat()).put("lon", c.lon()))
            .put("reportedAt", CLOCK.instant().minusSeconds(60).toString())
            .put("source", "terminal")
            .put("reporter", new JsonObject().put("name", "张三").put("phone", "13912345678"));
    assertThat(server.intake(event).statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/events/" + id).statusCode() == 200);
    return id;
  }

  static JsonObject walkIn(String town, String type) {
    return new JsonObject()
        .put("source", "walk-in")
        .put("type", type)
        .put("townCode", town)
        .put("description", "two neighbours and a wall")
        .put(
            "parties",
            new JsonArray()
                .add(new JsonObject().put("name", "李四").put("phone", "13800001111"))
                .add(new JsonObject().put("name", "王五").put("role", "respondent")));
  }

  /** Registers a case as {@code who} and waits until it is indexed; its id. */
  static String registered(String who, JsonObject body) throws Exception {
    HttpResponse<Buffer> created = server.postAs(who, "/api/v1/mediation/cases", body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/mediation/cases/" + id);
    awaitCase(id);
    return id;
  }

  static void awaitCase(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/mediation/cases/" + id).statusCode() == 200);
  }

  static HttpResponse<Buffer> step(String who, String id, JsonObject step) throws Exception {
    return server.postAs(who, "/api/v1/mediation/cases/" + id + "/transitions", step);
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

  static JsonObject get(String who, String path) throws Exception {
    HttpResponse<Buffer> got = server.getAs(who, path);
    assertThat(got.statusCode()).as("%s %s: %s", who, path, got.bodyAsString()).isEqualTo(200);
    return got.bodyAsJsonObject();
  }

  static List<JsonObject> mediationSteps(JsonObject event) {
    List<JsonObject> out = new ArrayList<>();
    for (Object s : event.getJsonArray("history")) {
      JsonObject step = (JsonObject) s;
      if ("mediation".equals(step.getString("action"))) {
        out.add(step);
      }
    }
    return out;
  }

  @Test
  @Order(1)
  @DisplayName(
      "a dispute event becomes one case (twice asked, one case); the event shows the case opened and"
          + " its outcome; the case runs its lifecycle to closure")
  void lifecycleAndLink() throws Exception {
    CLOCK.set(T0);
    String eventId = reported("neighbour-dispute");
    String town = "town:" + TOWN;

    HttpResponse<Buffer> converted =
        server.postAs(town, "/api/v1/events/" + eventId + "/mediation", new JsonObject());
    assertThat(converted.statusCode()).as(converted.bodyAsString()).isEqualTo(202);
    String id = converted.bodyAsJsonObject().getString("id");
    assertThat(id).isEqualTo("MC-" + eventId);
    awaitCase(id);
    HttpResponse<Buffer> again =
        server.postAs("duty", "/api/v1/events/" + eventId + "/mediation", new JsonObject());
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(again.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
    HttpResponse<Buffer> byBody =
        server.postAs(
            "duty",
            "/api/v1/mediation/cases",
            new JsonObject().put("source", "grid-event").put("eventId", eventId));
    assertThat(byBody.bodyAsJsonObject().getString("id")).isEqualTo(id);

    JsonObject theCase = get("duty", "/api/v1/mediation/cases/" + id);
    assertThat(theCase.getString("status")).isEqualTo("registered");
    assertThat(theCase.getString("source")).isEqualTo("grid-event");
    assertThat(theCase.getString("type")).isEqualTo("neighbour");
    assertThat(theCase.getString("townCode")).isEqualTo(TOWN);
    assertThat(theCase.getJsonObject("event").getString("id")).isEqualTo(eventId);
    assertThat(theCase.getJsonArray("parties").getJsonObject(0).getString("name")).isEqualTo("张三");
    List<JsonObject> onEvent = mediationSteps(get("duty", "/api/v1/events/" + eventId));
    assertThat(onEvent).hasSize(1);
    assertThat(onEvent.get(0).getJsonObject("details").getString("caseId")).isEqualTo(id);
    assertThat(onEvent.get(0).getJsonObject("details").getString("stage")).isEqualTo("opened");
    assertThat(onEvent.get(0).getString("from")).isEqualTo(onEvent.get(0).getString("to"));

    JsonObject assigned = take(town, id, action("assign").put("mediatorId", M1));
    assertThat(assigned.getString("status")).isEqualTo("assigned");
    assertThat(assigned.getJsonObject("case").getString("deadline"))
        .isEqualTo(T0.plus(Duration.ofDays(30)).toString());
    String mediator = "mediator:" + M1;
    CLOCK.advance(Duration.ofDays(1));
    take(mediator, id, action("session").put("mode", "online").put("note", "video call"));
    CLOCK.advance(Duration.ofDays(1));
    JsonObject agreed =
        take(
            mediator,
            id,
            action("outcome").put("result", "agreement").put("terms", "the wall moves 10 cm"));
    assertThat(agreed.getString("status")).isEqualTo("agreed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> mediationSteps(get("duty", "/api/v1/events/" + eventId)).size() == 2);
    JsonObject outcome = mediationSteps(get("duty", "/api/v1/events/" + eventId)).get(1);
    assertThat(outcome.getJsonObject("details").getString("stage")).isEqualTo("outcome");
    assertThat(outcome.getJsonObject("details").getString("outcome")).isEqualTo("agreement");
    assertThat(outcome.getJsonObject("details").getString("caseId")).isEqualTo(id);

    CLOCK.advance(Duration.ofDays(5));
    take(town, id, action("follow-up").put("fulfilment", "fulfilled"));
    JsonObject closed = take(mediator, id, action("close"));
    assertThat(closed.getString("status")).isEqualTo("closed");
    assertThat(closed.getJsonObject("case").getDouble("closeDays")).isEqualTo(7.0);
    theCase = get("duty", "/api/v1/mediation/cases/" + id);
    List<String> actions = new ArrayList<>();
    theCase
        .getJsonArray("timeline")
        .forEach(s -> actions.add(((JsonObject) s).getString("action")));
    assertThat(actions)
        .containsExactly("register", "assign", "session", "outcome", "follow-up", "close");

    // every step in the transitions index, as the mediation domain's, under the case's id
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              server.refresh("gridpulse-transitions");
              return transitions(id) == 6;
            });
  }

  static long transitions(String id) throws Exception {
    JsonObject query =
        new JsonObject()
            .put(
                "query",
                new JsonObject()
                    .put(
                        "bool",
                        new JsonObject()
                            .put(
                                "filter",
                                new JsonArray()
                                    .add(term("domain", "mediation"))
                                    .add(term("recordId", id)))));
    JsonObject answer =
        server
            .await(
                server
                    .http
                    .postAbs(server.esUrl + "/gridpulse-transitions/_count")
                    .sendJsonObject(query))
            .bodyAsJsonObject();
    return answer.getLong("count", -1L);
  }

  static JsonObject term(String field, String value) {
    return new JsonObject().put("term", new JsonObject().put(field, value));
  }

  @Test
  @Order(2)
  @DisplayName("illegal steps 409 with allowed, wrong roles 403, bad fields 422 naming the field")
  void refusals() throws Exception {
    CLOCK.set(T0);
    String id = registered("duty", walkIn(TOWN, "contract"));
    HttpResponse<Buffer> r = step("duty", id, action("close"));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getJsonArray("allowed").getList()).containsExactly("assign");
    assertThat(step("leader", id, action("assign").put("mediatorId", M1)).statusCode())
        .isEqualTo(403);
    r = step("duty", id, action("assign").put("mediatorId", "PM999"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("mediatorId");
    take("duty", id, action("assign").put("mediatorId", M1));
    r = step("mediator:" + M1, id, action("outcome").put("result", "failed"));
    assertThat(r.statusCode()).isEqualTo(409);
    r = step("mediator:" + M1, id, action("session").put("mode", "phone").put("note", "x"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("mode");
    // another mediator does not see the case at all
    assertThat(step("mediator:" + M2, id, action("session")).statusCode()).isEqualTo(404);

    // registration: fields named, idempotent with a key
    HttpResponse<Buffer> bad =
        server.postAs(
            "duty", "/api/v1/mediation/cases", walkIn("371502999", "feud").put("source", "fax"));
    assertThat(bad.statusCode()).isEqualTo(422);
    List<String> fields = new ArrayList<>();
    bad.bodyAsJsonObject()
        .getJsonArray("errors")
        .forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).containsExactlyInAnyOrder("source", "townCode", "type");
    String key = UUID.randomUUID().toString();
    JsonObject first = withKey(key);
    JsonObject second = withKey(key);
    assertThat(second.getString("id")).isEqualTo(first.getString("id"));
    assertThat(second.getBoolean("duplicate")).isTrue();
    String clientId = "client-" + UUID.randomUUID();
    assertThat(
            server
                .postAs("duty", "/api/v1/mediation/cases", walkIn(TOWN, "land").put("id", clientId))
                .bodyAsJsonObject()
                .getString("id"))
        .isEqualTo(clientId);

    // a non-dispute event does not become a case
    String road = reported("sanitation");
    HttpResponse<Buffer> notDispute =
        server.postAs("duty", "/api/v1/events/" + road + "/mediation", new JsonObject());
    assertThat(notDispute.statusCode()).isEqualTo(422);
    assertThat(
            notDispute
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("category");
  }

  static JsonObject withKey(String key) throws Exception {
    return server
        .await(
            server
                .http
                .post("/api/v1/mediation/cases")
                .bearerTokenAuthentication(server.token("duty"))
                .putHeader("Idempotency-Key", key)
                .sendJsonObject(walkIn(TOWN, "land")))
        .bodyAsJsonObject();
  }

  @Test
  @Order(3)
  @DisplayName(
      "a mediator sees only the cases assigned to them, a town only its town's, a leader all masked")
  void whoSeesWhat() throws Exception {
    CLOCK.set(T0);
    String mine = registered("duty", walkIn(TOWN, "traffic"));
    String unassigned = registered("duty", walkIn(TOWN, "traffic"));
    take("duty", mine, action("assign").put("mediatorId", M2));
    String m2 = "mediator:" + M2;
    assertThat(server.getAs(m2, "/api/v1/mediation/cases/" + mine).statusCode()).isEqualTo(200);
    assertThat(server.getAs(m2, "/api/v1/mediation/cases/" + unassigned).statusCode())
        .isEqualTo(404);
    assertThat(server.getAs("town:" + OTHER_TOWN, "/api/v1/mediation/cases/" + mine).statusCode())
        .isEqualTo(404);
    assertThat(server.getAs("dept:cgj", "/api/v1/mediation/cases/" + mine).statusCode())
        .isEqualTo(404);
    JsonObject seen = get("leader", "/api/v1/mediation/cases/" + mine);
    assertThat(seen.getJsonArray("parties").getJsonObject(0).getString("name")).isEqualTo("李**");
    assertThat(seen.getJsonArray("parties").getJsonObject(0).getString("phone"))
        .isEqualTo("138****1111");
    assertThat(seen.getJsonArray("allowed").getList()).isEmpty();
    JsonObject full = get("town:" + TOWN, "/api/v1/mediation/cases/" + mine);
    assertThat(full.getJsonArray("parties").getJsonObject(0).getString("name")).isEqualTo("李四");

    server.refresh("gridpulse-mediation");
    JsonArray listed = get(m2, "/api/v1/mediation/cases?size=200").getJsonArray("cases");
    assertThat(listed).isNotEmpty();
    listed.forEach(c -> assertThat(((JsonObject) c).getString("mediatorId")).isEqualTo(M2));
    assertThat(get("town:" + OTHER_TOWN, "/api/v1/mediation/cases?town=" + TOWN).getLong("total"))
        .isZero();
    assertThat(
            get("duty", "/api/v1/mediation/cases?town=" + TOWN + "&type=traffic").getLong("total"))
        .isGreaterThanOrEqualTo(2);
    JsonArray mediators = get(m2, "/api/v1/mediation/mediators").getJsonArray("mediators");
    assertThat(mediators).hasSize(1);
    assertThat(mediators.getJsonObject(0).getString("id")).isEqualTo(M2);
    assertThat(server.getAs("dept:cgj", "/api/v1/mediation/summary").statusCode()).isEqualTo(403);

    // the mediator role is bound to a mediator of the seeds
    JsonObject user =
        new JsonObject()
            .put("username", "med-" + UUID.randomUUID().toString().substring(0, 8))
            .put("roles", new JsonArray().add("mediator"))
            .put("mediator", "ZZ999")
            .put("password", "a long enough password");
    HttpResponse<Buffer> unknown = server.postAs("admin", "/api/v1/admin/users", user);
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(
            unknown.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("mediator");
    HttpResponse<Buffer> made =
        server.postAs("admin", "/api/v1/admin/users", user.put("mediator", M2));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getString("mediator")).isEqualTo(M2);
    assertThat(
            server
                .getAs("town:" + OTHER_TOWN, "/api/v1/mediation/summary?scope=" + TOWN)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @Order(4)
  @DisplayName("the summary over a known data set: each figure exactly as expected")
  void figures() throws Exception {
    CLOCK.set(T0);
    List<String> ids = new ArrayList<>();
    for (String type :
        List.of("neighbour", "neighbour", "neighbour", "neighbour", "labour-wages", "land")) {
      ids.add(registered("duty", walkIn(FIGURES, type)));
    }
    for (int i = 0; i < 5; i++) {
      take("duty", ids.get(i), action("assign").put("mediatorId", MF));
    }
    CLOCK.set(T0.plus(Duration.ofDays(1)));
    session(ids.get(0), "online");
    session(ids.get(1), "in-person");
    session(ids.get(2), "online");
    session(ids.get(2), "in-person");
    session(ids.get(3), "in-person");
    CLOCK.set(T0.plus(Duration.ofDays(2)));
    String m = "mediator:" + MF;
    take(m, ids.get(0), action("outcome").put("result", "agreement").put("terms", "pay 500"));
    take(m, ids.get(1), action("outcome").put("result", "failed"));
    take(m, ids.get(2), action("outcome").put("result", "agreement").put("terms", "apologise"));
    CLOCK.set(T0.plus(Duration.ofDays(3)));
    take(m, ids.get(0), action("follow-up").put("fulfilment", "fulfilled"));
    CLOCK.set(T0.plus(Duration.ofDays(4)));
    take(m, ids.get(0), action("close"));
    CLOCK.set(T0.plus(Duration.ofDays(10)));
    take("duty", ids.get(1), action("close"));
    server.refresh("gridpulse-mediation");

    JsonObject s = get("leader", "/api/v1/mediation/summary?scope=" + FIGURES + "&" + JUNE);
    assertThat(s.getLong("cases")).isEqualTo(6);
    assertThat(s.getLong("outcomes")).isEqualTo(3);
    assertThat(s.getLong("agreements")).isEqualTo(2);
    assertThat(s.getDouble("successRate")).isEqualTo(2.0 / 3);
    assertThat(s.getLong("casesWithSession")).isEqualTo(4);
    assertThat(s.getLong("casesWithOnlineSession")).isEqualTo(2);
    assertThat(s.getDouble("onlineShare")).isEqualTo(0.5);
    assertThat(s.getLong("closed")).isEqualTo(2);
    assertThat(s.getDouble("avgDaysToClose")).isEqualTo(7.0);
    assertThat(s.getJsonObject("backlog").getLong("open")).isEqualTo(3);
    assertThat(s.getJsonObject("backlog").getJsonArray("byTown"))
        .containsExactly(
            new JsonObject()
                .put("townCode", FIGURES)
                .put("name", TestServer.DISTRICT.town(FIGURES).orElseThrow().name())
                .put("open", 3));
    List<String> byType = new ArrayList<>();
    s.getJsonObject("backlog")
        .getJsonArray("byType")
        .forEach(
            t ->
                byType.add(
                    ((JsonObject) t).getString("type") + "=" + ((JsonObject) t).getLong("open")));
    assertThat(byType).containsExactlyInAnyOrder("neighbour=1", "labour-wages=1", "land=1");
    assertThat(s.getLong("overdue")).isZero();
    // the default range is this month (the clock's, in district time)
    assertThat(get("duty", "/api/v1/mediation/summary?scope=" + FIGURES).getLong("cases"))
        .isEqualTo(6);
    // another month holds none of them
    assertThat(
            get(
                    "duty",
                    "/api/v1/mediation/summary?scope="
                        + FIGURES
                        + "&from=2023-05-01T00:00:00%2B08:00&to=2023-06-01T00:00:00%2B08:00")
                .getLong("cases"))
        .isZero();

    // 30 days after the assignment, the two still open with a mediator are overdue
    CLOCK.set(T0.plus(Duration.ofDays(30)).plusSeconds(1));
    s = get("duty", "/api/v1/mediation/summary?scope=" + FIGURES + "&" + JUNE);
    assertThat(s.getLong("overdue")).isEqualTo(2);
    JsonObject late = get("duty", "/api/v1/mediation/cases?town=" + FIGURES + "&overdue=true");
    assertThat(late.getLong("total")).isEqualTo(2);
    late.getJsonArray("cases")
        .forEach(c -> assertThat(((JsonObject) c).getBoolean("overdue")).isTrue());
    assertThat(get("duty", "/api/v1/mediation/cases/" + ids.get(3)).getBoolean("overdue")).isTrue();
    assertThat(get("duty", "/api/v1/mediation/cases/" + ids.get(0)).getBoolean("overdue"))
        .isFalse();

    // the mediators' load: the two open cases of MF
    JsonObject load = get("town:" + FIGURES, "/api/v1/mediation/mediators");
    JsonObject mf =
        load.getJsonArray("mediators").stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getString("id").equals(MF))
            .findFirst()
            .orElseThrow();
    assertThat(mf.getLong("openCases")).isEqualTo(2);

    // cursor paging over the six, two at a time, none twice
    List<String> seen = new ArrayList<>();
    String next = null;
    do {
      JsonObject page =
          get(
              "duty",
              "/api/v1/mediation/cases?town="
                  + FIGURES
                  + "&size=2"
                  + (next == null ? "" : "&after=" + next));
      assertThat(page.getLong("total")).isEqualTo(6);
      page.getJsonArray("cases").forEach(c -> seen.add(((JsonObject) c).getString("id")));
      next = page.getString("next");
    } while (next != null);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  static void session(String id, String mode) throws Exception {
    take("mediator:" + MF, id, action("session").put("mode", mode).put("note", "talk"));
  }
}
