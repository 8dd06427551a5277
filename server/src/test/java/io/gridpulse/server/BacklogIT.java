package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.server.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Intake stops accepting, with 503 and Retry-After, past the configured backlog or lag")
class BacklogIT {
  /**
   * Each test's server on a Redis database of its own, emptied after it: what one test leaves
   * waiting (nothing drains it: no Elasticsearch) must not count in the other's backlog or lag.
   */
  static String database(int db) {
    return LocalServices.shared().redis().url() + "/" + db;
  }

  static void flush(int db) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Redis.createClient(vertx, database(db))
          .send(Request.cmd(Command.FLUSHDB))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
  }

  @AfterEach
  void empty() throws Exception {
    flush(1);
    flush(2);
  }

  @Test
  @DisplayName(
      "while Elasticsearch is unreachable the backlog grows; past the limit intake refuses")
  void backlogLimit() throws Exception {
    String redis = database(1);
    // nothing listens on port 9: the pipeline cannot index, so what is accepted waits in Redis
    try (TestServer server =
        TestServer.start(
            redis,
            "http://127.0.0.1:9",
            "backlog-" + TestServer.newId(),
            Clock.systemUTC(),
            new JsonObject().put(Settings.MAX_BACKLOG, 5))) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 5; i++) {
        batch.add(TestServer.event(TestServer.newId(), "backlog " + i));
      }
      assertThat(post(server, new JsonObject().put("events", batch)).statusCode()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                HttpResponse<Buffer> refused =
                    post(server, TestServer.event(TestServer.newId(), "one too many"));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.getHeader("Retry-After")).isEqualTo("10");
                assertThat(refused.bodyAsJsonObject().getString("type"))
                    .endsWith("/intake-backlogged");
              });
      // the five of the batch, and those accepted before the guard read the backlog again
      assertThat(server.metric("gridpulse_pipeline_backlog", "domain=\"events\"").orElse(-1))
          .isGreaterThanOrEqualTo(5);
      assertThat(server.metric("gridpulse_pipeline_lag_seconds", "domain=\"events\"")).isPresent();
    }
  }

  @Test
  @DisplayName(
      "intake keeps the pipeline's pace: once the oldest waiting event is older than the limit,"
          + " it refuses, saying so")
  void lagLimit() throws Exception {
    String redis = database(2);
    try (TestServer server =
        TestServer.start(
            redis,
            "http://127.0.0.1:9",
            "lag-" + TestServer.newId(),
            Clock.systemUTC(),
            new JsonObject()
                .put(Settings.MAX_BACKLOG, 1_000_000)
                .put(Settings.MAX_LAG_SECONDS, 2))) {
      assertThat(post(server, TestServer.event(TestServer.newId(), "waits")).statusCode())
          .isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                HttpResponse<Buffer> refused =
                    post(server, TestServer.event(TestServer.newId(), "too late"));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.getHeader("Retry-After")).isEqualTo("10");
                assertThat(refused.bodyAsJsonObject().getString("type"))
                    .endsWith("/intake-backlogged");
                assertThat(refused.bodyAsJsonObject().getString("detail"))
                    .contains("has waited")
                    .contains("(limit 2 s)");
              });
      assertThat(server.metric("gridpulse_pipeline_lag_seconds", "domain=\"events\"").orElse(0))
          .isGreaterThanOrEqualTo(2);
    }
  }

  static HttpResponse<Buffer> post(TestServer server, JsonObject body) throws Exception {
    return server.intake(body);
  }
}
