package io.gridpulse.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An audit entry as the audit index stores it")
class AuditEntryTest {
  @Test
  @DisplayName("who, what, target, outcome, reason, when, from where")
  void document() {
    Origin origin = new Origin("203.0.113.7", "10.0.0.2", "curl/8", false);
    JsonObject doc =
        AuditEntry.of(Who.anonymous("alice", origin), AuditActions.LOGIN)
            .on("user", "alice")
            .failed("wrong-password")
            .with("roles", List.of("duty"))
            .toJson("id-1", Instant.parse("2026-11-27T02:00:00Z"), "host:8080");
    assertThat(doc)
        .isEqualTo(
            new JsonObject()
                .put("id", "id-1")
                .put("at", "2026-11-27T02:00:00Z")
                .put("action", "auth.login")
                .put("outcome", "failure")
                .put("actorType", "anonymous")
                .put("roles", new JsonArray())
                .put("instance", "host:8080")
                .put("actor", "alice")
                .put("reason", "wrong-password")
                .put("targetType", "user")
                .put("target", "alice")
                .put("ip", "203.0.113.7")
                .put("peer", "10.0.0.2")
                .put("userAgent", "curl/8")
                .put("details", new JsonObject().put("roles", new JsonArray().add("duty"))));
  }

  @Test
  @DisplayName("the command line is cli:<os user>, without an address")
  void cli() {
    JsonObject doc =
        AuditEntry.of(Who.cli(), AuditActions.KEY_REVOKE)
            .on("key", "abc")
            .toJson("id", Instant.EPOCH, "cli");
    assertThat(doc.getString("actor")).isEqualTo("cli:" + System.getProperty("user.name"));
    assertThat(doc.getString("actorType")).isEqualTo("cli");
    assertThat(doc.containsKey("ip")).isFalse();
    assertThat(doc.getString("outcome")).isEqualTo("success");
  }
}
