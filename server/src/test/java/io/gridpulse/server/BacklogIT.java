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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Intake keeps the pipeline's pace, and stops accepting past the configured backlog or lag")
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
    flush(3);
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

  @Test
  @DisplayName(
      "past the pace lag intake takes what the pipeline indexes: the rest is refused with"
          + " Retry-After 1 while requests keep going through, and every accepted event is indexed"
          + " once")
  void pace() throws Exception {
    String redis = database(3);
    // a slow pipeline (batches of 5, one at a time) and a client that posts as fast as it can
    try (TestServer server =
        TestServer.start(
            redis,
            LocalServices.shared().elasticsearch().url(),
            "pace-" + TestServer.newId(),
            Clock.systemUTC(),
            new JsonObject()
                .put(Settings.PIPELINE_BATCH, 5)
                .put(Settings.PIPELINE_IN_FLIGHT, 1)
                .put(Settings.INTAKE_RATE, 1_000_000)
                .put(Settings.INTAKE_BURST, 1_000_000)
                .put(Settings.PACE_LAG_SECONDS, 1)
                .put(Settings.MAX_LAG_SECONDS, 120))) {
      List<String> accepted = new ArrayList<>();
      HttpResponse<Buffer> paced = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (paced == null && System.nanoTime() < deadline) {
        HttpResponse<Buffer> r = postBatch(server, accepted);
        if (r.statusCode() == 503) {
          paced = r;
        }
      }
      assertThat(paced).as("a pace refusal within 60 s").isNotNull();
      assertThat(paced.getHeader("Retry-After")).isEqualTo("1");
      assertThat(paced.bodyAsJsonObject().getString("type")).endsWith("/intake-backlogged");
      assertThat(paced.bodyAsJsonObject().getString("detail"))
          .contains("the pipeline indexes")
          .contains("intake takes");
      assertThat(server.metric("gridpulse_intake_pace", "domain=\"events\"")).isPresent();
      // a pace, not a wall: requests go through again as the pipeline indexes (the debt of one
      // batch of 100 is paid at half the indexing rate at least)
      int before = accepted.size();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> postBatch(server, accepted).statusCode() == 202);
      assertThat(accepted.size()).isGreaterThan(before);
      // with the pipeline caught up, intake takes all again: no refusal outlives the pace
      awaitDrained(server, accepted.size());
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(postBatch(server, accepted).statusCode()).isEqualTo(202));
      // nothing accepted is lost or doubled (counted, not inferred from the backlog gauge, which
      // is read once a second and can still say 0 just after the last batch was accepted)
      JsonObject ours =
          new JsonObject().put("ids", new JsonObject().put("values", new JsonArray(accepted)));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  server.refreshEvents();
                  assertThat(server.countEvents(ours)).isEqualTo(accepted.size());
                });
      } finally {
        // thousands of events in one grid this hour: the tests after this one share Elasticsearch
        server.deleteEvents(accepted);
      }
      assertThat(server.countEvents(ours)).as("left to the next tests").isZero();
    }
  }

  /** Until the stream is empty (the slow pipeline drains ≈ 400 a second here). */
  private static void awaitDrained(TestServer server, int events) {
    await()
        .atMost(Duration.ofSeconds(Math.max(180, events / 50)))
        .until(
            () -> server.metric("gridpulse_pipeline_backlog", "domain=\"events\"").orElse(-1) == 0);
  }

  /** Posts a batch of 100 new events; the ids of an accepted batch are added to {@code ids}. */
  private static HttpResponse<Buffer> postBatch(TestServer server, List<String> ids)
      throws Exception {
    JsonArray batch = new JsonArray();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = TestServer.newId();
      sent.add(id);
      batch.add(TestServer.event(id, "pace " + i));
    }
    HttpResponse<Buffer> r = post(server, new JsonObject().put("events", batch));
    if (r.statusCode() == 202) {
      assertThat(r.bodyAsJsonObject().getInteger("accepted")).isEqualTo(100);
      ids.addAll(sent);
    } else {
      assertThat(r.statusCode()).isEqualTo(503);
    }
    return r;
  }

  static HttpResponse<Buffer> post(TestServer server, JsonObject body) throws Exception {
    return server.intake(body);
  }
}
