package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.server.config.Settings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Intake stops accepting, with 503 and Retry-After, past the configured backlog")
class BacklogIT {

  @Test
  @DisplayName(
      "while Elasticsearch is unreachable the backlog grows; past the limit intake refuses")
  void backlogLimit() throws Exception {
    String redis = LocalServices.shared().redis().url();
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

  static HttpResponse<Buffer> post(TestServer server, JsonObject body) throws Exception {
    return server.intake(body);
  }
}
