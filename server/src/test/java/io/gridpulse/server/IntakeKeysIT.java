package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.server.events.IntakeKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Intake API keys, against the real Redis")
class IntakeKeysIT {
  static TestServer server;
  static Redis redis;
  static IntakeKeys keys;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
    redis =
        Redis.createClient(server.client, io.gridpulse.local.LocalServices.shared().redis().url());
    keys = new IntakeKeys(redis);
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    server.close();
  }

  static HttpResponse<Buffer> post(String key, JsonObject body) throws Exception {
    return server.await(
        server.http.post("/api/v1/events").putHeader("X-Api-Key", key).sendJsonObject(body));
  }

  static JsonObject batch(int n) {
    JsonArray events = new JsonArray();
    for (int i = 0; i < n; i++) {
      events.add(TestServer.event(TestServer.newId(), "限流测试 " + i));
    }
    return new JsonObject().put("events", events);
  }

  @Test
  @DisplayName("an issued key works; only its hash is stored; disabling it refuses it")
  void issueAndDisable() throws Exception {
    IntakeKeys.Issued issued = server.await(keys.issue("hotline", 100, 1000));
    assertThat(issued.key()).startsWith("gpk_").hasSizeGreaterThan(40);
    assertThat(post(issued.key(), TestServer.event(TestServer.newId(), "热线")).statusCode())
        .isEqualTo(202);
    assertThat(server.await(keys.list()))
        .anySatisfy(k -> assertThat(k.id()).isEqualTo(issued.record().id()));
    String stored =
        server
            .await(io.vertx.redis.client.RedisAPI.api(redis).keys("gridpulse:apikeys:*"))
            .toString();
    assertThat(stored).doesNotContain(issued.key().substring(4));

    assertThat(server.await(keys.disable(issued.record().id()))).isTrue();
    HttpResponse<Buffer> refused = post(issued.key(), TestServer.event(TestServer.newId(), "热线"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  @DisplayName("a key over its rate gets 429 with Retry-After, nothing accepted, then recovers")
  void rateLimit() throws Exception {
    String key = server.await(keys.issue("terminal", 5, 10)).key();
    assertThat(post(key, batch(10)).statusCode()).isEqualTo(202);
    HttpResponse<Buffer> limited = post(key, batch(5));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 2);
    assertThat(limited.bodyAsJsonObject().getString("detail")).contains("terminal");
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> post(key, TestServer.event(TestServer.newId(), "恢复")).statusCode() == 202);
  }
}
