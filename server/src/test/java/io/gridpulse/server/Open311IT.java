package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.seeds.LatLon;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Open311 GeoReport v2, jurisdiction 371502, on the real intake, Redis and Elasticsearch")
class Open311IT {
  static final String BASE = "/open311/v2/";
  static final LatLon POINT = TestServer.DISTRICT.grid(TestServer.GRID).orElseThrow().centroid();

  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** A resident's request as a form, with the key in the api_key field; a unique description. */
  static MultiMap form(String serviceCode) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("api_key", TestServer.KEY)
        .add("jurisdiction_id", "371502")
        .add("service_code", serviceCode)
        .add("lat", Double.toString(POINT.lat()))
        .add("long", Double.toString(POINT.lon()))
        .add("description", "小区门口垃圾桶满溢三天无人清运 " + TestServer.newId())
        .add("first_name", "小明")
        .add("last_name", "王")
        .add("phone", "155-0000-0001")
        .add("email", "wang@example.com")
        .add("media_url", "https://example.com/bin.jpg");
  }

  HttpResponse<Buffer> postForm(MultiMap form) throws Exception {
    return server.await(server.http.post(BASE + "requests.json").sendForm(form));
  }

  /** A GET with the intake key in the header. */
  HttpResponse<Buffer> get(String path, String... query) throws Exception {
    HttpRequest<Buffer> request = server.http.get(path).putHeader("X-Api-Key", TestServer.KEY);
    for (int i = 0; i < query.length; i += 2) {
      request.addQueryParam(query[i], query[i + 1]);
    }
    return server.await(request.send());
  }

  static List<String> ids(HttpResponse<Buffer> response) {
    return response.bodyAsJsonArray().stream()
        .map(r -> ((JsonObject) r).getString("service_request_id"))
        .toList();
  }

  /** The fields an Open311 error array names. */
  static List<String> errorFields(HttpResponse<Buffer> response) {
    return response.bodyAsJsonArray().stream()
        .map(e -> ((JsonObject) e).getString("field"))
        .toList();
  }

  static void assertOpen311Error(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonArray errors = response.bodyAsJsonArray();
    assertThat(errors).isNotEmpty();
    assertThat(errors.getJsonObject(0).getInteger("code")).isEqualTo(status);
    assertThat(errors.getJsonObject(0).getString("description")).isNotBlank();
  }

  @Test
  @DisplayName(
      "services.json lists the categories as realtime services, with or without jurisdiction")
  void services() throws Exception {
    HttpResponse<Buffer> response =
        server.await(
            server
                .http
                .get(BASE + "services.json")
                .addQueryParam("jurisdiction_id", "371502")
                .send());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray services = response.bodyAsJsonArray();
    assertThat(services).hasSize(TestServer.DISTRICT.categories().size());
    JsonObject sanitation =
        services.stream()
            .map(JsonObject.class::cast)
            .filter(s -> s.getString("service_code").equals("sanitation"))
            .findFirst()
            .orElseThrow();
    assertThat(sanitation.getString("service_name")).isEqualTo("环境卫生");
    assertThat(sanitation.getString("description")).contains("Sanitation");
    assertThat(sanitation.getBoolean("metadata")).isFalse();
    assertThat(sanitation.getString("type")).isEqualTo("realtime");
    assertThat(sanitation.getString("keywords")).contains("sanitation");
    assertThat(sanitation.getString("group")).contains("地");
    assertThat(server.await(server.http.get(BASE + "services.json").send()).bodyAsJsonArray())
        .isEqualTo(services);
  }

  @Test
  @DisplayName(
      "a form POST is a grid event of source open311; read back, it is open, placed and anonymous")
  void roundTrip() throws Exception {
    Instant before = Instant.now().minusSeconds(60);
    HttpResponse<Buffer> created = postForm(form("sanitation"));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject answer = created.bodyAsJsonArray().getJsonObject(0);
    String id = answer.getString("service_request_id");
    assertThat(id).isNotBlank();
    assertThat(answer.getString("service_notice")).contains("24");
    assertThat(answer.containsKey("account_id")).isTrue();
    assertThat(created.getHeader("Location")).isEqualTo(BASE + "requests/" + id + ".json");

    HttpResponse<Buffer> one =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> get(BASE + "requests/" + id + ".json"), r -> r.statusCode() == 200);
    JsonArray body = one.bodyAsJsonArray();
    assertThat(body).hasSize(1);
    JsonObject request = body.getJsonObject(0);
    assertThat(request.getString("service_request_id")).isEqualTo(id);
    assertThat(request.getString("status")).isEqualTo("open");
    assertThat(request.getString("service_code")).isEqualTo("sanitation");
    assertThat(request.getString("service_name")).isEqualTo("环境卫生");
    assertThat(request.getDouble("lat")).isEqualTo(POINT.lat());
    assertThat(request.getDouble("long")).isEqualTo(POINT.lon());
    assertThat(request.getString("address")).isEqualTo("古楼街道古城社区居委会");
    assertThat(request.getString("media_url")).isEqualTo("https://example.com/bin.jpg");
    assertThat(request.getString("requested_datetime")).isNotBlank();
    assertThat(one.bodyAsString())
        .doesNotContain("王小明", "小明", "155-0000-0001", "wang@example.com", "reporter", "phone");

    JsonObject event = server.getAs("duty", "/api/v1/events/" + id).bodyAsJsonObject();
    assertThat(event.getString("source")).isEqualTo("open311");
    assertThat(event.getString("gridCode")).isEqualTo(TestServer.GRID);
    assertThat(event.getString("title")).startsWith("环境卫生：小区门口垃圾桶满溢");
    assertThat(event.getJsonObject("reporter").getString("name")).isEqualTo("王小明");

    String since = before.toString();
    assertThat(ids(get(BASE + "requests.json", "service_code", "sanitation", "start_date", since)))
        .contains(id);
    assertThat(
            ids(
                get(
                    BASE + "requests.json",
                    "service_code",
                    "road-damage,sanitation",
                    "status",
                    "open",
                    "start_date",
                    since)))
        .contains(id);
    assertThat(ids(get(BASE + "requests.json", "service_code", "road-damage", "start_date", since)))
        .doesNotContain(id);
    assertThat(ids(get(BASE + "requests.json", "status", "closed", "start_date", since)))
        .doesNotContain(id);
    assertThat(ids(get(BASE + "requests.json", "end_date", before.toString()))).doesNotContain(id);
    assertThat(ids(get(BASE + "requests.json", "service_request_id", id + ",it-none")))
        .containsExactly(id);
    assertThat(
            get(BASE + "requests.json", "api_key", TestServer.KEY, "status", "open").statusCode())
        .as("the key as a query parameter")
        .isEqualTo(200);

    // the closed loop moves the request: handled in the grid, it is closed for the 311 client,
    // with the note as its status notes
    JsonObject triage = new JsonObject().put("action", "triage").put("level", "grid");
    assertThat(server.postAs("duty", "/api/v1/events/" + id + "/transitions", triage).statusCode())
        .isEqualTo(200);
    JsonObject handle = new JsonObject().put("action", "handle").put("note", "已清运");
    assertThat(server.postAs("duty", "/api/v1/events/" + id + "/transitions", handle).statusCode())
        .isEqualTo(200);
    JsonObject closed =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> get(BASE + "requests/" + id + ".json").bodyAsJsonArray().getJsonObject(0),
                r -> "closed".equals(r.getString("status")));
    assertThat(closed.getString("status_notes")).isEqualTo("已清运");
    assertThat(ids(get(BASE + "requests.json", "status", "closed", "start_date", since)))
        .contains(id);
  }

  @Test
  @DisplayName("a JSON body with the key in X-Api-Key is taken too")
  void jsonBody() throws Exception {
    JsonObject body =
        new JsonObject()
            .put("service_code", "road-damage")
            .put("lat", POINT.lat())
            .put("long", POINT.lon())
            .put("description", "路面坑洼 " + TestServer.newId());
    HttpResponse<Buffer> created =
        server.await(
            server
                .http
                .post(BASE + "requests.json")
                .putHeader("X-Api-Key", TestServer.KEY)
                .sendJsonObject(body));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonArray().getJsonObject(0).getString("service_request_id"))
        .isNotBlank();
  }

  @Test
  @DisplayName("a form may carry the longest description the intake takes (5,000 characters)")
  void longDescription() throws Exception {
    HttpResponse<Buffer> created = postForm(form("noise").set("description", "噪".repeat(5000)));
    assertThat(created.statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("no key or a wrong key: 401 in Open311's error format, for posts and reads")
  void keyRequired() throws Exception {
    MultiMap noKey = form("sanitation");
    noKey.remove("api_key");
    HttpResponse<Buffer> none = postForm(noKey);
    assertOpen311Error(none, 401);
    assertThat(none.bodyAsJsonArray().getJsonObject(0).getString("description"))
        .contains("api_key");
    assertOpen311Error(postForm(form("sanitation").set("api_key", "guess")), 401);
    assertOpen311Error(server.await(server.http.get(BASE + "requests.json").send()), 401);
    assertOpen311Error(
        server.await(server.http.get(BASE + "requests/" + TestServer.newId() + ".json").send()),
        401);
  }

  @Test
  @DisplayName("a bad service code, a point outside the district, no point: 400 naming the field")
  void badFields() throws Exception {
    HttpResponse<Buffer> badCode = postForm(form("potholes"));
    assertOpen311Error(badCode, 400);
    assertThat(errorFields(badCode)).containsExactly("service_code");

    HttpResponse<Buffer> outside =
        postForm(form("sanitation").set("lat", "39.9").set("long", "116.4"));
    assertOpen311Error(outside, 400);
    assertThat(errorFields(outside)).containsExactly("lat", "long");

    MultiMap noPoint = form("sanitation").add("address_string", "古楼街道 1 号");
    noPoint.remove("lat");
    noPoint.remove("long");
    HttpResponse<Buffer> unlocated = postForm(noPoint);
    assertOpen311Error(unlocated, 400);
    assertThat(errorFields(unlocated)).containsExactly("lat", "long");

    HttpResponse<Buffer> badPhone = postForm(form("sanitation").set("phone", "call me"));
    assertOpen311Error(badPhone, 400);
    assertThat(errorFields(badPhone))
        .as("the intake's own check, renamed")
        .containsExactly("phone");

    HttpResponse<Buffer> badStatus = get(BASE + "requests.json", "status", "pending");
    assertOpen311Error(badStatus, 400);
    assertThat(errorFields(badStatus)).containsExactly("status");
  }

  @Test
  @DisplayName(
      "another jurisdiction is 404; an unknown request is 404; XML is 400; a huge body 413")
  void notServed() throws Exception {
    assertOpen311Error(
        server.await(
            server
                .http
                .get(BASE + "services.json")
                .addQueryParam("jurisdiction_id", "110101")
                .send()),
        404);
    assertOpen311Error(postForm(form("sanitation").set("jurisdiction_id", "110101")), 404);
    assertOpen311Error(get(BASE + "requests.json", "jurisdiction_id", "110101"), 404);
    assertOpen311Error(get(BASE + "requests/" + TestServer.newId() + ".json"), 404);

    HttpResponse<Buffer> xml = server.await(server.http.get(BASE + "services.xml").send());
    assertOpen311Error(xml, 400);
    assertThat(errorFields(xml)).containsExactly("format");
    assertThat(xml.bodyAsString()).contains("JSON");

    assertOpen311Error(postForm(form("sanitation").set("description", "长".repeat(70_000))), 413);
    assertOpen311Error(server.await(server.http.get(BASE + "nothing.json").send()), 404);
  }
}
