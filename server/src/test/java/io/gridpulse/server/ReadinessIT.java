package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.Ports;
import io.gridpulse.local.RedisServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Readiness")
class ReadinessIT {

  @Test
  @DisplayName("/health/ready turns 503 naming Redis when Redis stops, and 200 when it is back")
  void followsRedis() throws Exception {
    Path dir = LocalServices.freshDir("ready");
    RedisServer.Options options = RedisServer.Options.of(Ports.free(), dir);
    RedisServer redis = RedisServer.start(options, m -> {});
    String es = LocalServices.shared().elasticsearch().url();
    try (TestServer server = TestServer.start(redis.url(), es)) {
      assertThat(ready(server).statusCode()).isEqualTo(200);

      redis.stop();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                HttpResponse<Buffer> down = ready(server);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(check(down, "redis").getString("status")).isEqualTo("DOWN");
                assertThat(check(down, "elasticsearch").getString("status")).isEqualTo("UP");
              });

      redis = RedisServer.start(options, m -> {});
      await().atMost(Duration.ofSeconds(15)).until(() -> ready(server).statusCode() == 200);
    } finally {
      redis.stop();
      LocalServices.deleteQuietly(dir);
    }
  }

  static HttpResponse<Buffer> ready(TestServer server) throws Exception {
    return server.await(server.http.get("/health/ready").send());
  }

  static JsonObject check(HttpResponse<Buffer> response, String id) {
    return response.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + response.bodyAsString()));
  }
}
