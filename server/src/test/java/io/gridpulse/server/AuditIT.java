package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The audit trail, in Elasticsearch, through the admin API")
class AuditIT {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<Buffer> as(String who, HttpRequest<Buffer> request, JsonObject body)
      throws Exception {
    request.bearerTokenAuthentication(server.token(who));
    return server.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  /** The entries matching {@code query} (parameter pairs), once at least {@code count} are in. */
  static List<JsonObject> search(int count, String... query) {
    List<JsonObject> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              HttpRequest<Buffer> request = server.http.get("/api/v1/admin/audit");
              for (int i = 0; i + 1 < query.length; i += 2) {
                request.addQueryParam(query[i], query[i + 1]);
              }
              HttpResponse<Buffer> r = as("admin", request, null);
              assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
              found.clear();
              r.bodyAsJsonObject().getJsonArray("entries").forEach(e -> found.add((JsonObject) e));
              assertThat(found).hasSizeGreaterThanOrEqualTo(count);
            });
    return found;
  }

  static JsonObject one(List<JsonObject> entries, String action) {
    return entries.stream()
        .filter(e -> action.equals(e.getString("action")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " in " + entries));
  }

  @Test
  @DisplayName(
      "user changes by the admin API: who, what, target, outcome, when and from where, newest first")
  void userChanges() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String name = "it-audited-" + UUID.randomUUID().toString().substring(0, 8);
    String base = "/api/v1/admin/users";
    JsonObject user =
        new JsonObject()
            .put("username", name)
            .put("roles", new JsonArray().add("duty"))
            .put("password", "a long password");
    assertThat(as("admin", server.http.post(base), user).statusCode()).isEqualTo(201);
    JsonObject toTown =
        new JsonObject().put("roles", new JsonArray().add("town")).put("town", "371502001");
    assertThat(as("admin", server.http.patch(base + "/" + name), toTown).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> disabled =
        as("admin", server.http.patch(base + "/" + name), new JsonObject().put("disabled", true));
    assertThat(disabled.bodyAsJsonObject().getBoolean("disabled")).isTrue();
    assertThat(
            as(
                    "admin",
                    server.http.post(base + "/" + name + "/password"),
                    new JsonObject().put("password", "another long one"))
                .statusCode())
        .isEqualTo(204);
    assertThat(as("admin", server.http.post(base + "/" + name + "/unlock"), null).statusCode())
        .isEqualTo(204);

    List<JsonObject> entries = search(5, "target", name);
    assertThat(entries)
        .extracting(e -> e.getString("action") + " " + e.getString("outcome"))
        .containsExactlyInAnyOrder(
            "user.create success",
            "user.roles success",
            "user.disable success",
            "user.password-reset success",
            "user.unlock success");
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i - 1).getString("at"))
          .isGreaterThanOrEqualTo(entries.get(i).getString("at"));
    }
    JsonObject created = one(entries, "user.create");
    assertThat(created.getString("actor")).isEqualTo("it-admin");
    assertThat(created.getString("actorType")).isEqualTo("user");
    assertThat(created.getJsonArray("roles").getList()).containsExactly("admin");
    assertThat(created.getString("targetType")).isEqualTo("user");
    assertThat(created.getString("method")).isEqualTo("POST");
    assertThat(created.getString("path")).isEqualTo(base);
    assertThat(created.getInteger("status")).isEqualTo(201);
    assertThat(created.getString("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(Instant.parse(created.getString("at"))).isAfter(before);
    assertThat(created.getJsonObject("details").getJsonArray("roles").getList())
        .containsExactly("duty");
    assertThat(one(entries, "user.roles").getJsonObject("details").getString("town"))
        .isEqualTo("371502001");
    assertThat(entries.toString()).doesNotContain("a long password").doesNotContain("another");
  }

  @Test
  @DisplayName("refusals are audited too: invalid (with the reason) and denied (not an admin)")
  void refusals() throws Exception {
    String name = "it-refused-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<Buffer> invalid =
        as(
            "admin",
            server.http.post("/api/v1/admin/users"),
            new JsonObject()
                .put("username", name)
                .put("roles", new JsonArray().add("town").add("mayor"))
                .put("password", "short")
                .put("colour", "blue"));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").stream())
        .extracting(e -> ((JsonObject) e).getString("field"))
        .containsExactlyInAnyOrder("colour", "roles[1]", "town", "password");
    JsonObject failed = one(search(1, "target", name), "user.create");
    assertThat(failed.getString("outcome")).isEqualTo("failure");
    assertThat(failed.getString("reason")).isEqualTo("invalid-request");
    assertThat(failed.getInteger("status")).isEqualTo(422);

    HttpResponse<Buffer> denied =
        as("leader", server.http.patch("/api/v1/admin/users/" + name), new JsonObject());
    assertThat(denied.statusCode()).isEqualTo(403);
    JsonObject refused =
        one(search(1, "actor", "it-leader", "outcome", "denied", "target", name), "user.update");
    assertThat(refused.getString("reason")).isEqualTo("not-admin");
    assertThat(refused.getInteger("status")).isEqualTo(403);
  }

  /** The status of an event posted with {@code key}. */
  static int intakeWith(String key) throws Exception {
    return server
        .await(
            server
                .http
                .post("/api/v1/events")
                .putHeader("X-Api-Key", key)
                .sendJsonObject(TestServer.event(TestServer.newId(), "audit key")))
        .statusCode();
  }

  @Test
  @DisplayName("intake keys: issued (the key shown once, never audited) and revoked")
  void keys() throws Exception {
    HttpResponse<Buffer> issued =
        as(
            "admin",
            server.http.post("/api/v1/admin/keys"),
            new JsonObject().put("source", "hotline").put("ratePerSecond", 5).put("burst", 10));
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    assertThat(issued.getHeader("Cache-Control")).isEqualTo("no-store");
    String key = issued.bodyAsJsonObject().getString("key");
    String id = issued.bodyAsJsonObject().getString("id");
    assertThat(key).startsWith("gpk_");
    // the new key works for intake
    assertThat(intakeWith(key)).isEqualTo(202);
    HttpResponse<Buffer> listed = as("admin", server.http.get("/api/v1/admin/keys"), null);
    assertThat(listed.bodyAsString()).contains(id).doesNotContain(key);
    assertThat(as("admin", server.http.delete("/api/v1/admin/keys/" + id), null).statusCode())
        .isEqualTo(204);
    assertThat(intakeWith(key)).isEqualTo(401);
    assertThat(as("admin", server.http.delete("/api/v1/admin/keys/nope"), null).statusCode())
        .isEqualTo(404);

    List<JsonObject> entries = search(2, "target", id);
    assertThat(one(entries, "key.issue").getJsonObject("details").getString("source"))
        .isEqualTo("hotline");
    assertThat(one(entries, "key.revoke").getString("outcome")).isEqualTo("success");
    assertThat(entries.toString()).doesNotContain(key);
    assertThat(one(search(1, "target", "nope"), "key.revoke").getString("reason"))
        .isEqualTo("key-not-found");
  }

  @Test
  @DisplayName("the command line audits as cli:<os user>")
  void commandLine() throws Exception {
    String name = "cli-audit-" + UUID.randomUUID().toString().substring(0, 8);
    UsersCommandIT.Result created =
        UsersCommandIT.users("a-long-password\n", "create", name, "--role", "leader");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(UsersCommandIT.users("", "disable", name).exit()).isZero();
    String actor = "cli:" + System.getProperty("user.name");
    List<JsonObject> entries = search(2, "actor", actor, "target", name);
    assertThat(entries)
        .extracting(e -> e.getString("action"))
        .contains("user.create", "user.disable");
    assertThat(entries.get(0).getString("actorType")).isEqualTo("cli");
  }

  @Test
  @DisplayName("the search: filters by time and size; bad parameters answer 400 naming each")
  void searchParameters() throws Exception {
    assertThat(search(1, "action", "audit.search")).isNotEmpty();
    List<JsonObject> none =
        new ArrayList<>(
            as(
                    "admin",
                    server
                        .http
                        .get("/api/v1/admin/audit")
                        .addQueryParam("to", "2000-01-01T00:00:00Z"),
                    null)
                .bodyAsJsonObject()
                .getJsonArray("entries")
                .stream()
                .map(e -> (JsonObject) e)
                .toList());
    assertThat(none).isEmpty();
    HttpResponse<Buffer> bad =
        as(
            "admin",
            server
                .http
                .get("/api/v1/admin/audit")
                .addQueryParam("size", "0")
                .addQueryParam("from", "yesterday"),
            null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").stream())
        .extracting(e -> ((JsonObject) e).getString("field"))
        .containsExactlyInAnyOrder("size", "from");
    HttpResponse<Buffer> two =
        as("admin", server.http.get("/api/v1/admin/audit").addQueryParam("size", "2"), null);
    assertThat(two.bodyAsJsonObject().getJsonArray("entries")).hasSizeLessThanOrEqualTo(2);
    assertThat(two.bodyAsJsonObject().getLong("total")).isGreaterThanOrEqualTo(2);
  }
}
