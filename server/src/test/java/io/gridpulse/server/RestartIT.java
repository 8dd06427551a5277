package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalStack;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Data survives restarts")
class RestartIT {

  static int status(TestServer server, String id) throws Exception {
    return server.getAs("duty", "/api/v1/events/" + id).statusCode();
  }

  static int post(TestServer server, JsonObject event) throws Exception {
    return server
        .await(
            server
                .http
                .post("/api/v1/events")
                .putHeader("X-Api-Key", TestServer.KEY)
                .sendJsonObject(event))
        .statusCode();
  }

  @Test
  @DisplayName(
      "an event accepted while Elasticsearch was down is indexed after the server, Redis and"
          + " Elasticsearch all restart; indexed events are still there")
  void acceptedEventsSurviveEverythingRestarting() throws Exception {
    String indexed = TestServer.newId();
    String waiting = TestServer.newId();
    try (OwnStack own = OwnStack.create("restart")) {
      LocalStack stack = own.start();
      // the same instance restarting: its consumer name is stable, so it takes up its own
      // pending entries at once (another instance would claim them only after they idle 60 s)
      String instance = "it-restart-" + java.util.UUID.randomUUID();
      try (TestServer server =
          TestServer.start(stack.redis().url(), stack.elasticsearch().url(), instance)) {
        assertThat(post(server, TestServer.event(indexed, "先入库的事件"))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(server, indexed) == 200);

        stack.elasticsearch().stop();
        assertThat(post(server, TestServer.event(waiting, "搜索引擎停机时受理的事件"))).isEqualTo(202);
      } finally {
        stack.close();
      }

      try (LocalStack again = own.start();
          TestServer server =
              TestServer.start(again.redis().url(), again.elasticsearch().url(), instance)) {
        assertThat(status(server, indexed)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(server, waiting) == 200);
      }
    }
  }
}
