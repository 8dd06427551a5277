package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The vertical slice: intake → Redis stream → pipeline → Elasticsearch → WebSocket")
class SliceIT {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  HttpResponse<Buffer> post(JsonObject body) throws Exception {
    return server.intake(body);
  }

  HttpResponse<Buffer> get(String path) throws Exception {
    return server.await(server.http.get(path).send());
  }

  static void subscribe(WebSocket socket, String topic, String scope) {
    socket.writeTextMessage(
        new JsonObject().put("type", "subscribe").put("topic", topic).put("scope", scope).encode());
  }

  @Test
  @DisplayName("a posted event reaches a subscribed dashboard and becomes searchable")
  void eventTravelsEndToEnd() throws Exception {
    BlockingQueue<JsonObject> frames = TestServer.queue();
    WebSocket socket = server.socket(frames);
    server.signIn(socket, "duty");
    subscribe(socket, "events.live", "371502001");
    JsonObject snapshot = TestServer.next(frames, "snapshot");
    assertThat(snapshot.getString("topic")).isEqualTo("events.live");
    assertThat(snapshot.getString("scope")).isEqualTo("371502001");
    long seq = snapshot.getLong("seq");

    String id = TestServer.newId();
    HttpResponse<Buffer> accepted = post(TestServer.event(id, "垃圾桶满溢 <b>未清运</b>"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("id", id).put("status", "accepted"));

    JsonObject delta = TestServer.next(frames, "delta");
    assertThat(delta.getLong("seq")).isEqualTo(seq + 1);
    assertThat(delta.getJsonObject("data").getJsonArray("events")).hasSize(1);
    JsonObject event = delta.getJsonObject("data").getJsonArray("events").getJsonObject(0);
    assertThat(event.getString("id")).isEqualTo(id);
    assertThat(event.getString("title")).isEqualTo("垃圾桶满溢 <b>未清运</b>");
    assertThat(event.getString("townCode")).isEqualTo("371502001");
    assertThat(event.getString("status")).isEqualTo("reported");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<Buffer> found = server.getAs("duty", "/api/v1/events/" + id);
              assertThat(found.statusCode()).isEqualTo(200);
              assertThat(found.bodyAsJsonObject().getString("gridCode")).isEqualTo(TestServer.GRID);
              assertThat(found.bodyAsJsonObject().getJsonArray("history")).isNotEmpty();
            });
    server.await(socket.close());
  }

  @Test
  @DisplayName(
      "the pipelines run on an event loop other than the HTTP verticle's (every socket, intake and"
          + " the live hub's fan-out)")
  void pipelinesApartFromHttp() {
    assertThat(server.app().pipelinesApartFromHttp()).isTrue();
  }

  @Test
  @DisplayName("events outside a subscription's scope are not pushed to it")
  void scopeFilters() throws Exception {
    BlockingQueue<JsonObject> frames = TestServer.queue();
    WebSocket socket = server.socket(frames);
    server.signIn(socket, "duty");
    subscribe(socket, "events.live", "371502100");
    TestServer.next(frames, "snapshot");
    post(TestServer.event(TestServer.newId(), "古楼街道的事件"));
    String mine = TestServer.newId();
    JsonObject inTown = TestServer.event(mine, "侯营镇的事件", "371502100001001");
    post(inTown);
    JsonObject delta = TestServer.next(frames, "delta");
    assertThat(delta.getJsonObject("data").getJsonArray("events"))
        .as("only the event of the town watched")
        .singleElement()
        .satisfies(e -> assertThat(((JsonObject) e).getString("id")).isEqualTo(mine));
    server.await(socket.close());
  }

  @Test
  @DisplayName("a repeated client id is accepted once and indexed once")
  void idempotentIntake() throws Exception {
    // signed in first: this may be the class's first test, and a first sign-in (a deliberately
    // costly password hash) on a busy machine took seconds of the wait for the index below
    server.token("duty");
    String id = TestServer.newId();
    JsonObject event = TestServer.event(id, "重复上报");
    assertThat(post(event).bodyAsJsonObject().containsKey("duplicate")).isFalse();
    JsonObject again = post(event).bodyAsJsonObject();
    assertThat(again.getString("id")).isEqualTo(id);
    assertThat(again.getBoolean("duplicate")).isTrue();
    // on a fresh node the first event waits for the pipelines' preparation (templates, then this
    // and next month's index of every family): 10–12 s in all at load 7–12, so 10 s was too short
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/events/" + id).statusCode() == 200);
  }

  @Test
  @DisplayName("bad input gets problem+json naming every bad field, and nothing is accepted")
  void invalidEvent() throws Exception {
    JsonObject bad =
        TestServer.event(TestServer.newId(), " ")
            .put("gridCode", "123")
            .put("location", new JsonObject().put("lat", 100).put("lon", "east"))
            .put("reportedAt", "yesterday");
    HttpResponse<Buffer> response = post(bad);
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(422);
    assertThat(
            problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder(
            "gridCode", "title", "location.lat", "location.lon", "reportedAt");
  }

  @Test
  @DisplayName("a batch answers per item: the valid are accepted, the invalid named by index")
  void batchIntake() throws Exception {
    String good = TestServer.newId();
    JsonObject batch =
        new JsonObject()
            .put(
                "events",
                new JsonArray()
                    .add(TestServer.event(good, "路灯不亮"))
                    .add(TestServer.event(TestServer.newId(), "坏的").put("category", "NOT A CODE")));
    HttpResponse<Buffer> response = post(batch);
    assertThat(response.statusCode()).isEqualTo(202);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("accepted")).isEqualTo(1);
    assertThat(body.getInteger("rejected")).isEqualTo(1);
    assertThat(body.getJsonArray("results").getJsonObject(0).getString("id")).isEqualTo(good);
    assertThat(
            body.getJsonArray("results")
                .getJsonObject(1)
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("events[1].category");
  }

  @Test
  @DisplayName("intake without a valid API key is refused with 401")
  void apiKeyRequired() throws Exception {
    HttpResponse<Buffer> none =
        server.await(
            server
                .http
                .post("/api/v1/events")
                .sendJsonObject(TestServer.event(TestServer.newId(), "x")));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> wrong =
        server.await(
            server
                .http
                .post("/api/v1/events")
                .putHeader("X-Api-Key", "guess")
                .sendJsonObject(TestServer.event(TestServer.newId(), "x")));
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("health, metrics, the OpenAPI document and the dashboard page are served")
  void operationalEndpoints() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsString()).contains("redis").contains("elasticsearch");
    post(TestServer.event(TestServer.newId(), "计量"));
    String metrics = get("/metrics").bodyAsString();
    assertThat(metrics)
        .contains("gridpulse_intake_events_total{outcome=\"accepted\"}")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total");
    HttpResponse<Buffer> openapi = get("/api/v1/openapi.yaml");
    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.bodyAsString()).startsWith("openapi: 3.1");
    HttpResponse<Buffer> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Security-Policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(page.bodyAsString()).contains("东昌府区");
    HttpResponse<Buffer> missing = server.getAs("leader", "/api/v1/events/" + TestServer.newId());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  @DisplayName("reference data: divisions drill down to grids, with grid counts; maps and lists")
  void referenceData() throws Exception {
    JsonObject district = get("/api/v1/divisions/371502").bodyAsJsonObject();
    assertThat(district.getString("name")).isEqualTo("东昌府区");
    assertThat(district.getJsonArray("children")).hasSize(24);
    assertThat(district.getInteger("gridCount")).isEqualTo(2685);
    assertThat(district.getJsonObject("gridCounts").getInteger("urban-basic")).isEqualTo(1504);
    JsonObject town = get("/api/v1/divisions/371502001").bodyAsJsonObject();
    String village = town.getJsonArray("children").getJsonObject(0).getString("code");
    JsonObject villageBody = get("/api/v1/divisions/" + village).bodyAsJsonObject();
    String grid = villageBody.getJsonArray("children").getJsonObject(0).getString("code");
    assertThat(grid).startsWith(village);
    JsonObject gridBody = get("/api/v1/grids/" + grid).bodyAsJsonObject();
    assertThat(gridBody.getJsonObject("centroid").getDouble("lat")).isBetween(36.0, 37.0);
    assertThat(get("/api/v1/divisions/371502999").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/map/district.geojson").bodyAsJsonObject().getString("type"))
        .isEqualTo("FeatureCollection");
    assertThat(get("/api/v1/categories").bodyAsJsonObject().getJsonArray("categories"))
        .hasSizeGreaterThan(20);
    assertThat(get("/api/v1/departments").bodyAsString()).contains("cgj");
  }

  @Test
  @DisplayName(
      "reading an event needs a sign-in; a town reads only its own; the leader sees the reporter"
          + " masked, the duty officer in full")
  void accessToEvents() throws Exception {
    String id = TestServer.newId();
    JsonObject event =
        TestServer.event(id, "有人反映")
            .put("reporter", new JsonObject().put("name", "王小明").put("phone", "155-0000-0001"));
    assertThat(post(event).statusCode()).isEqualTo(202);
    String path = "/api/v1/events/" + id;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.getAs("duty", path).statusCode() == 200);
    assertThat(get(path).statusCode()).isEqualTo(401);
    assertThat(
            server
                .getAs("duty", path)
                .bodyAsJsonObject()
                .getJsonObject("reporter")
                .getString("phone"))
        .isEqualTo("155-0000-0001");
    JsonObject masked = server.getAs("leader", path).bodyAsJsonObject().getJsonObject("reporter");
    assertThat(masked.getString("name")).isEqualTo("王**");
    assertThat(masked.getString("phone")).isEqualTo("155****0001");
    assertThat(server.getAs("town:371502001", path).statusCode()).isEqualTo(200);
    assertThat(server.getAs("town:371502002", path).statusCode())
        .as("no existence leak")
        .isEqualTo(404);
    assertThat(server.getAs("dept:cgj", path).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName(
      "subscribing needs a sign-in and a scope of one's own; bad topics and scopes get error frames")
  void protocolErrors() throws Exception {
    BlockingQueue<JsonObject> frames = TestServer.queue();
    WebSocket socket = server.socket(frames);
    subscribe(socket, "events.live", "371502");
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("unauthenticated");
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", "forged").encode());
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("unauthenticated");
    server.signIn(socket, "town:371502001");
    assertThat(TestServer.next(frames, "auth.ok").getJsonObject("user").getString("town"))
        .isEqualTo("371502001");
    subscribe(socket, "events.live", "371502002");
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("forbidden");
    subscribe(socket, "nope", "371502");
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("unknown-topic");
    subscribe(socket, "events.live", "99");
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("bad-scope");
    socket.writeTextMessage("not json");
    assertThat(TestServer.next(frames, "error").getString("code")).isEqualTo("bad-frame");
    server.await(socket.close());
  }
}
