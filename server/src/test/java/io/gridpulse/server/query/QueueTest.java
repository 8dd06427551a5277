package io.gridpulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A department's queue: the time left of each event")
class QueueTest {
  static final Instant NOW = Instant.parse("2024-03-11T09:00:00Z");

  @Test
  @DisplayName("running: deadline − now, negative when overdue; paused: what remained; none: null")
  void timeLeft() {
    assertThat(
            QueryRoutes.timeLeft(
                new JsonObject().put("deadline", "2024-03-11T10:00:00Z").put("paused", false), NOW))
        .isEqualTo(3600);
    assertThat(QueryRoutes.timeLeft(new JsonObject().put("deadline", "2024-03-11T07:00:00Z"), NOW))
        .isEqualTo(-7200);
    assertThat(
            QueryRoutes.timeLeft(
                new JsonObject()
                    .put("deadline", "2024-03-11T07:00:00Z")
                    .put("paused", true)
                    .put("remainingMs", 82_800_000L),
                NOW))
        .isEqualTo(82_800);
    assertThat(QueryRoutes.timeLeft(new JsonObject(), NOW)).isNull();
  }
}
