package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.reading.PlacementRegistry;
import io.gridpulse.pipelines.reading.ReadingSeeds;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import io.gridpulse.server.events.IntakeKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.RedisAPI;
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
 * The reading domain against the real Redis and Elasticsearch, on a clock set to Wednesday 15 May
 * 2024, 10:00 in the district (a month no other test writes reading data in, and before every seed
 * placement, which start in 2025). The data set, by district time:
 *
 * <pre>
 * placement  town  village  kind       placed on
 * P0         T     V1       office     2024-04-20   (before the range: counted, not new)
 * P1         T     V1       community  2024-05-01
 * P2         T     V1       school     2024-05-14
 * P3         T     V2       village    2024-05-15   (today, the default)
 * P4         T2    W1       firm       2024-05-02
 *
 * day 14  P1 19:00  scan r1, register r1, read r1 30, scan r2, listen r2 20
 *         P1 20:00  read r1 15, listen r3 10
 *         P2 08:00  scan r4, register r4
 *         P4 19:00  scan r1, read r5 40
 * day 15  P1 08:00  read r1 25
 *         P3 09:00  scan r6, register r6, listen r6 30, scan r2
 * </pre>
 */
@DisplayName("Reading: placements, activity intake, exactly-once rollups, the summary, roles")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingIT {
  /** Wednesday 15 May 2024, 10:00 in the district. */
  static final Instant NOW = Instant.parse("2024-05-15T02:00:00Z");

  static final TestClock CLOCK = new TestClock(NOW);
  static final String RUN = UUID.randomUUID().toString().substring(0, 6).toUpperCase();

  static TestServer server;
  static String esUrl;
  static Town town;
  static Town town2;
  static Village v1;
  static Village v2;
  static Village w1;
  static final List<String> P = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    esUrl = stack.elasticsearch().url();
    server =
        TestServer.start(
            stack.redis().url(),
            esUrl,
            "reading-" + UUID.randomUUID(),
            CLOCK,
            new JsonObject().put("GRIDPULSE_READING_ROLLUP_MILLIS", 0));
    List<Town> towns =
        TestServer.DISTRICT.towns().stream()
            .filter(t -> TestServer.DISTRICT.villagesOf(t.code()).size() >= 2)
            .toList();
    town = towns.get(2);
    town2 = towns.get(3);
    v1 = TestServer.DISTRICT.villagesOf(town.code()).get(0);
    v2 = TestServer.DISTRICT.villagesOf(town.code()).get(1);
    w1 = TestServer.DISTRICT.villagesOf(town2.code()).get(0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String volunteer(Town t) {
    return "reading:" + t.code();
  }

  static JsonObject placement(String code, String kind, Village v, String placedOn) {
    JsonObject body =
        new JsonObject()
            .put("code", code)
            .put("name", "读书角 " + code)
            .put("kind", kind)
            .put(
                "location",
                new JsonObject().put("lat", v.point().lat()).put("lon", v.point().lon()));
    if (placedOn != null) {
      body.put("placedOn", placedOn);
    }
    return body;
  }

  static HttpResponse<Buffer> rows(JsonArray rows) throws Exception {
    return server.await(
        server
            .http
            .post("/api/v1/reading/activity")
            .putHeader(IntakeKeys.HEADER, TestServer.KEY)
            .sendJsonObject(new JsonObject().put("rows", rows)));
  }

  static JsonObject row(String id, String kind, String reader, String placement, String at) {
    return row(id, kind, reader, placement, at, null);
  }

  static JsonObject row(
      String id, String kind, String reader, String placement, String at, Integer minutes) {
    JsonObject row =
        new JsonObject()
            .put("id", "rit-" + RUN + "-" + id)
            .put("kind", kind)
            .put("reader", "r-" + RUN + "-" + reader)
            .put("placement", placement)
            .put("at", at);
    if (minutes != null) {
      row.put("minutes", minutes);
    }
    return row;
  }

  static long count(String index, String query) throws Exception {
    String lenient = "?ignore_unavailable=true&allow_no_indices=true";
    server.await(server.http.postAbs(esUrl + "/" + index + "/_refresh" + lenient).send());
    HttpResponse<Buffer> r =
        server.await(
            server
                .http
                .postAbs(esUrl + "/" + index + "/_count" + lenient)
                .sendJsonObject(new JsonObject(query)));
    return r.bodyAsJsonObject().getLong("count");
  }

  @Test
  @Order(1)
  @DisplayName("the seeds' placements are loaded once, however often they are loaded")
  void seedsLoadedOnce() throws Exception {
    String seeds = "{\"query\":{\"term\":{\"source\":\"seed\"}}}";
    int expected = TestServer.DISTRICT.placements().size();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("gridpulse-reading-placements", seeds) == expected);
    // a restart, or a second instance, loads them again: nothing is appended
    int appended =
        server.await(
            ReadingSeeds.load(
                server.app().redis(),
                new PlacementRegistry(server.app().redis()),
                TestServer.DISTRICT,
                Instant.now()));
    assertThat(appended).isZero();
    try (TestServer second =
        TestServer.start(
            LocalServices.shared().redis().url(), esUrl, "reading-second-" + UUID.randomUUID())) {
      assertThat(second.app().port()).isPositive();
    }
    assertThat(count("gridpulse-reading-placements", seeds)).isEqualTo(expected);
  }

  @Test
  @Order(2)
  @DisplayName(
      "a volunteer places QR codes in its own town; what is wrong is named; a code is taken once")
  void placements() throws Exception {
    String[] kinds = {"office", "community", "school", "village"};
    String[] days = {"2024-04-20", "2024-05-01", "2024-05-14", null};
    Village[] where = {v1, v1, v1, v2};
    for (int i = 0; i < 4; i++) {
      String code = "RIT-" + RUN + "-P" + i;
      JsonObject body = placement(code, kinds[i], where[i], days[i]);
      if (i == 2) {
        body.put("villageCode", v1.code()).put("townCode", town.code());
      }
      HttpResponse<Buffer> r = server.postAs(volunteer(town), "/api/v1/reading/placements", body);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      JsonObject doc = r.bodyAsJsonObject();
      assertThat(doc.getString("townCode")).isEqualTo(town.code());
      assertThat(doc.getString("villageCode")).isEqualTo(where[i].code());
      assertThat(doc.getString("volunteer")).isEqualTo("it-reading-" + town.code());
      P.add(code);
    }
    HttpResponse<Buffer> taken =
        server.postAs(
            volunteer(town), "/api/v1/reading/placements", placement(P.get(1), "firm", v1, null));
    assertThat(taken.statusCode()).isEqualTo(409);

    // P4 in the other town, by that town's volunteer; not by this one
    String p4 = "RIT-" + RUN + "-P4";
    HttpResponse<Buffer> elsewhere =
        server.postAs(
            volunteer(town), "/api/v1/reading/placements", placement(p4, "firm", w1, "2024-05-02"));
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> own =
        server.postAs(
            volunteer(town2),
            "/api/v1/reading/placements",
            placement(p4, "firm", w1, "2024-05-02"));
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
    P.add(p4);

    // only a reading volunteer places codes
    for (String who : List.of("town:" + town.code(), "leader", "duty")) {
      assertThat(
              server
                  .postAs(
                      who,
                      "/api/v1/reading/placements",
                      placement("RIT-" + RUN + "-X", "firm", v1, null))
                  .statusCode())
          .as(who)
          .isEqualTo(403);
    }

    // what is wrong is named
    assertThat(invalid(new JsonObject().put("kind", "bar").put("location", new JsonObject())))
        .contains("name", "kind", "location.lat", "location.lon");
    assertThat(
            invalid(
                placement("RIT-" + RUN + "-Y", "firm", v1, null)
                    .put("location", new JsonObject().put("lat", 39.9).put("lon", 116.4))))
        .containsExactly("location");
    assertThat(
            invalid(placement("RIT-" + RUN + "-Y", "firm", v1, null).put("villageCode", w1.code())))
        .containsExactly("villageCode");
    assertThat(invalid(placement("RIT-" + RUN + "-Y", "firm", v1, "2024-05-16")))
        .containsExactly("placedOn");
    assertThat(invalid(placement("no spaces allowed", "firm", v1, null))).containsExactly("code");

    // placement creation is audited (success and refusal)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server
                        .getAs(
                            "admin",
                            "/api/v1/admin/audit?action=reading.placement.create&target="
                                + P.get(0))
                        .bodyAsJsonObject()
                        .getJsonArray("entries", new JsonArray())
                        .size()
                    == 1);
  }

  static List<String> invalid(JsonObject body) throws Exception {
    HttpResponse<Buffer> r = server.postAs(volunteer(town), "/api/v1/reading/placements", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    List<String> fields = new ArrayList<>();
    r.bodyAsJsonObject()
        .getJsonArray("errors")
        .forEach(e -> fields.add(((JsonObject) e).getString("field")));
    return fields;
  }

  @Test
  @Order(3)
  @DisplayName("placements are listed within the caller's reach")
  void listed() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server
                        .getAs(
                            "leader",
                            "/api/v1/reading/placements?scope=" + town.code() + "&to=2024-05-31")
                        .bodyAsJsonObject()
                        .getJsonArray("placements")
                        .size()
                    == 4);
    JsonObject own =
        server
            .getAs("town:" + town.code(), "/api/v1/reading/placements?to=2024-05-31&size=2")
            .bodyAsJsonObject();
    assertThat(own.getString("scope")).isEqualTo(town.code());
    assertThat(own.getLong("total")).isEqualTo(4);
    assertThat(own.getJsonArray("placements").size()).isEqualTo(2);
    JsonObject next =
        server
            .getAs(
                "town:" + town.code(),
                "/api/v1/reading/placements?to=2024-05-31&size=2&after=" + own.getString("next"))
            .bodyAsJsonObject();
    List<String> codes = new ArrayList<>();
    own.getJsonArray("placements").forEach(p -> codes.add(((JsonObject) p).getString("code")));
    next.getJsonArray("placements").forEach(p -> codes.add(((JsonObject) p).getString("code")));
    assertThat(codes).containsExactlyElementsOf(P.subList(0, 4));
    JsonObject schools =
        server
            .getAs(
                volunteer(town),
                "/api/v1/reading/placements?kind=school&from=2024-05-01&to=2024-05-31")
            .bodyAsJsonObject();
    assertThat(schools.getLong("total")).isEqualTo(1);
    assertThat(
            server
                .getAs("town:" + town.code(), "/api/v1/reading/placements?scope=" + town2.code())
                .statusCode())
        .isEqualTo(403);
    assertThat(server.getAs("dept:cgj", "/api/v1/reading/placements").statusCode()).isEqualTo(403);
    assertThat(server.getAs("leader", "/api/v1/reading/placements?kind=pub").statusCode())
        .isEqualTo(400);
  }

  static JsonArray dataSet() {
    String d14 = "2024-05-14T";
    String p1 = P.get(1);
    String p2 = P.get(2);
    String p3 = P.get(3);
    String p4 = P.get(4);
    return new JsonArray()
        .add(row("1", "scan", "r1", p1, d14 + "19:01:00+08:00"))
        .add(row("2", "register", "r1", p1, d14 + "19:02:00+08:00"))
        .add(row("3", "read", "r1", p1, d14 + "19:10:00+08:00", 30))
        .add(row("4", "scan", "r2", p1, d14 + "19:20:00+08:00"))
        .add(row("5", "listen", "r2", p1, d14 + "19:59:59+08:00", 20))
        .add(row("6", "read", "r1", p1, d14 + "20:00:00+08:00", 15))
        .add(row("7", "listen", "r3", p1, d14 + "20:30:00+08:00", 10))
        .add(row("8", "scan", "r4", p2, d14 + "08:00:00+08:00"))
        .add(row("9", "register", "r4", p2, d14 + "08:05:00+08:00"))
        .add(row("10", "scan", "r1", p4, d14 + "19:30:00+08:00"))
        .add(row("11", "read", "r5", p4, d14 + "19:40:00+08:00", 40))
        .add(row("12", "read", "r1", p1, "2024-05-15T08:15:00+08:00", 25))
        .add(row("13", "scan", "r6", p3, "2024-05-15T09:00:00+08:00"))
        .add(row("14", "register", "r6", p3, "2024-05-15T09:01:00+08:00"))
        .add(row("15", "listen", "r6", p3, "2024-05-15T09:30:00+08:00", 30))
        .add(row("16", "scan", "r2", p3, "2024-05-15T09:45:00+08:00"));
  }

  @Test
  @Order(4)
  @DisplayName(
      "activity rows: good ones accepted, bad ones named by row and field, duplicates not counted")
  void activity() throws Exception {
    JsonArray good = dataSet();
    JsonArray mixed = good.copy();
    mixed.add(row("bad-1", "scan", "r9", "RIT-" + RUN + "-NONE", "2024-05-15T09:00:00+08:00"));
    mixed.add(row("bad-2", "read", "r9", P.get(1), "2024-05-15T09:00:00+08:00"));
    mixed.add(row("bad-3", "scan", "r9", P.get(1), "2024-05-15T11:00:00+08:00"));
    mixed.add(row("bad-4", "dance", "r9", P.get(1), "2024-05-15T09:00:00+08:00"));
    mixed.add(row("bad-5", "scan", "r9", P.get(1), "2024-03-01T09:00:00+08:00", 5));
    HttpResponse<Buffer> r = rows(mixed);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("accepted")).isEqualTo(16);
    assertThat(body.getInteger("rejected")).isEqualTo(5);
    JsonArray results = body.getJsonArray("results");
    assertThat(fields(results.getJsonObject(16))).containsExactly("rows[16].placement");
    assertThat(fields(results.getJsonObject(17))).containsExactly("rows[17].minutes");
    assertThat(fields(results.getJsonObject(18))).containsExactly("rows[18].at");
    assertThat(fields(results.getJsonObject(19))).containsExactly("rows[19].kind");
    assertThat(fields(results.getJsonObject(20)))
        .containsExactly("rows[20].at", "rows[20].minutes");

    // the same batch again: every row a duplicate, nothing appended
    JsonObject again = rows(good).bodyAsJsonObject();
    assertThat(again.getInteger("accepted")).isEqualTo(16);
    assertThat(again.getJsonArray("results").getJsonObject(0).getBoolean("duplicate")).isTrue();

    // nothing valid: 422 naming each row's fields; no key: 401
    HttpResponse<Buffer> none = rows(new JsonArray().add(new JsonObject()));
    assertThat(none.statusCode()).isEqualTo(422);
    assertThat(none.bodyAsJsonObject().getJsonArray("errors").encode())
        .contains(
            "rows[0].id", "rows[0].kind", "rows[0].reader", "rows[0].placement", "rows[0].at");
    assertThat(
            server
                .await(
                    server
                        .http
                        .post("/api/v1/reading/activity")
                        .sendJsonObject(new JsonObject().put("rows", good)))
                .statusCode())
        .isEqualTo(401);
  }

  static List<String> fields(JsonObject result) {
    List<String> out = new ArrayList<>();
    result.getJsonArray("errors").forEach(e -> out.add(((JsonObject) e).getString("field")));
    return out;
  }

  static JsonObject summary(String who, String scope) throws Exception {
    HttpResponse<Buffer> r =
        server.getAs(
            who, "/api/v1/reading/summary?scope=" + scope + "&from=2024-05-14&to=2024-05-15");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static void rolledUp(long rawRows) throws Exception {
    String mine = "{\"query\":{\"prefix\":{\"id\":\"rit-" + RUN + "-\"}}}";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              server.await(server.app().reading().drainNow());
              return count("gridpulse-reading-activity", mine) == rawRows
                  && server.await(server.app().reading().rollup().pending()) == 0;
            });
    server.await(server.app().reading().drainNow());
    // the rollups are searchable within their index's refresh interval (1 s); no waiting here
    count("gridpulse-reading-hourly,gridpulse-reading-readers", "{}");
  }

  @Test
  @Order(5)
  @DisplayName("the summary over the data set equals the numbers worked out by hand")
  void summaryIsExact() throws Exception {
    rolledUp(16);
    JsonObject t = summary("leader", town.code());
    assertTown(t);
    // the town's own staff and its volunteer read the same; the district sees P4 too
    assertThat(summary("town:" + town.code(), town.code())).isEqualTo(t.copy());
    JsonObject d = summary("duty", "371502");
    assertThat(d.getLong("scans")).isEqualTo(6);
    assertThat(d.getLong("activeReaders")).isEqualTo(6); // r1 read in both towns: once
    assertThat(d.getJsonObject("reading"))
        .isEqualTo(new JsonObject().put("sessions", 4).put("minutes", 110));
    assertThat(d.getJsonObject("placements").getLong("total")).isEqualTo(5);
    assertThat(d.getJsonObject("placements").getLong("villagesCovered")).isEqualTo(3);
    // a village: V2 holds only P3
    JsonObject v = summary("leader", v2.code());
    assertThat(v.getLong("scans")).isEqualTo(2);
    assertThat(v.getLong("activeReaders")).isEqualTo(2);
    assertThat(v.getDouble("coverage")).isEqualTo(1.0);
    // one day only
    JsonObject day15 =
        server
            .getAs(
                "leader",
                "/api/v1/reading/summary?scope=" + town.code() + "&from=2024-05-15&to=2024-05-15")
            .bodyAsJsonObject();
    assertThat(day15.getLong("scans")).isEqualTo(2);
    assertThat(day15.getLong("activeReaders")).isEqualTo(3); // r1, r6, r2
    assertThat(day15.getJsonObject("placements").getLong("new")).isEqualTo(1);
  }

  static void assertTown(JsonObject t) {
    int villages = TestServer.DISTRICT.villagesOf(town.code()).size();
    assertThat(t.getJsonObject("placements"))
        .isEqualTo(
            new JsonObject()
                .put("total", 4)
                .put("new", 2)
                .put("villagesCovered", 2)
                .put("villagesInScope", villages));
    assertThat(t.getDouble("coverage")).isEqualTo(Math.round(10_000.0 * 2 / villages) / 10_000.0);
    assertThat(t.getLong("scans")).isEqualTo(5);
    assertThat(t.getLong("newReaders")).isEqualTo(3);
    assertThat(t.getLong("activeReaders")).isEqualTo(5);
    assertThat(t.getJsonObject("reading"))
        .isEqualTo(new JsonObject().put("sessions", 3).put("minutes", 70));
    assertThat(t.getJsonObject("listening"))
        .isEqualTo(new JsonObject().put("sessions", 3).put("minutes", 60));
    JsonArray byTown = t.getJsonArray("byTown");
    assertThat(byTown.size()).isEqualTo(1);
    assertThat(byTown.getJsonObject(0).getLong("scans")).isEqualTo(5);
    JsonObject kinds = new JsonObject();
    t.getJsonArray("byKind").forEach(k -> kinds.put(((JsonObject) k).getString("kind"), k));
    JsonObject community = kinds.getJsonObject("community");
    assertThat(community.getLong("scans")).isEqualTo(2);
    assertThat(community.getLong("newReaders")).isEqualTo(1);
    assertThat(community.getLong("activeReaders")).isEqualTo(3);
    assertThat(community.getJsonObject("reading"))
        .isEqualTo(new JsonObject().put("sessions", 3).put("minutes", 70));
    assertThat(community.getJsonObject("listening"))
        .isEqualTo(new JsonObject().put("sessions", 2).put("minutes", 30));
    assertThat(kinds.getJsonObject("school").getLong("activeReaders")).isEqualTo(1);
    assertThat(kinds.getJsonObject("school").getJsonObject("placements").getLong("new"))
        .isEqualTo(1);
    assertThat(kinds.getJsonObject("village").getLong("activeReaders")).isEqualTo(2);
    assertThat(kinds.getJsonObject("office").getJsonObject("placements").getLong("total"))
        .isEqualTo(1);
    assertThat(kinds.getJsonObject("office").getJsonObject("placements").getLong("new"))
        .isEqualTo(0);
    assertThat(kinds.getJsonObject("office").getLong("scans")).isEqualTo(0);
  }

  @Test
  @Order(6)
  @DisplayName("a batch re-delivered by the stream is indexed once and counted once")
  void redelivered() throws Exception {
    JsonObject before = summary("leader", town.code());
    // the pipeline died after the bulk and before the acknowledgement: the same entries come
    // back through the stream (and the intake forgot the ids: Redis lost its seen keys)
    RedisAPI redis = RedisAPI.api(server.app().redis());
    JsonArray data = dataSet();
    for (int i = 0; i < data.size(); i++) {
      String id = data.getJsonObject(i).getString("id");
      server.await(redis.del(List.of(StreamSpec.READING_ACTIVITY.seenKeyPrefix() + id)));
    }
    JsonObject again = rows(data).bodyAsJsonObject();
    assertThat(again.getInteger("accepted")).isEqualTo(16);
    assertThat(again.getJsonArray("results").getJsonObject(0).containsKey("duplicate")).isFalse();
    // they reached the stream, were refused by Elasticsearch as duplicates, and marked their hours
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> server.await(redis.xlen(StreamSpec.READING_ACTIVITY.streamKey())).toLong() == 0);
    rolledUp(16);
    assertThat(summary("leader", town.code())).isEqualTo(before);
    assertTown(summary("leader", town.code()));
  }

  @Test
  @Order(7)
  @DisplayName("the summary is cut to the caller's reach")
  void summaryAccess() throws Exception {
    String path = "/api/v1/reading/summary?scope=" + town.code() + "&from=2024-05-14&to=2024-05-15";
    assertThat(server.getAs(volunteer(town), path).statusCode()).isEqualTo(200);
    assertThat(server.getAs(volunteer(town2), path).statusCode()).isEqualTo(403);
    assertThat(server.getAs("town:" + town2.code(), path).statusCode()).isEqualTo(403);
    assertThat(server.getAs("dept:cgj", path).statusCode()).isEqualTo(403);
    assertThat(server.getAs("admin", path).statusCode()).isEqualTo(403);
    // a town's user without a scope gets its town
    assertThat(
            server
                .getAs(volunteer(town), "/api/v1/reading/summary?from=2024-05-14&to=2024-05-15")
                .bodyAsJsonObject()
                .getString("scope"))
        .isEqualTo(town.code());
    assertThat(
            server.getAs("leader", "/api/v1/reading/summary?scope=371502999&from=x").statusCode())
        .isEqualTo(400);
  }

  @Test
  @Order(8)
  @DisplayName("raw months past the retention are deleted whole; the rollups stay")
  void retention() throws Exception {
    for (String month : List.of("2024.01", "2024.02", "2024.03")) {
      server.await(server.http.putAbs(esUrl + "/gridpulse-reading-activity-" + month).send());
    }
    List<String> deleted = server.await(server.app().reading().retainNow());
    assertThat(deleted)
        .contains("gridpulse-reading-activity-2024.01", "gridpulse-reading-activity-2024.02");
    assertThat(deleted)
        .doesNotContain("gridpulse-reading-activity-2024.03", "gridpulse-reading-activity-2024.05");
    assertThat(
            server
                .await(server.http.headAbs(esUrl + "/gridpulse-reading-activity-2024.03").send())
                .statusCode())
        .isEqualTo(200);
    assertTown(summary("leader", town.code()));
  }
}
