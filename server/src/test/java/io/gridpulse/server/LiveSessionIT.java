package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.server.identity.IdentitySettings;
import io.gridpulse.server.live.LiveHub;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A WebSocket lives as long as its session")
class LiveSessionIT {
  /** Tokens of 4 s, on a server of their own. */
  static TestServer brief;

  /** Tokens of the default 15 minutes. */
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    server = TestServer.start(stack.redis().url(), stack.elasticsearch().url());
    brief =
        TestServer.start(
            stack.redis().url(),
            stack.elasticsearch().url(),
            "it-brief-" + UUID.randomUUID(),
            Clock.systemUTC(),
            new JsonObject()
                .put(IdentitySettings.TOKEN_TTL, 4)
                .put(IdentitySettings.REFRESH_GRACE, 60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (brief != null) {
      brief.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A socket signed in with {@code token}, subscribed to the district, its snapshot received. */
  record Live(WebSocket socket, BlockingQueue<JsonObject> frames, Promise<Short> closed) {}

  static Live watch(TestServer s, String token) throws Exception {
    BlockingQueue<JsonObject> frames = TestServer.queue();
    WebSocket socket = s.socket(frames);
    Promise<Short> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).encode());
    socket.writeTextMessage(
        new JsonObject()
            .put("type", "subscribe")
            .put("topic", LiveHub.EVENTS_LIVE)
            .put("scope", "371502")
            .encode());
    TestServer.next(frames, "snapshot");
    return new Live(socket, frames, closed);
  }

  static void assertEnded(Live live, String code) throws Exception {
    JsonObject error = TestServer.next(live.frames(), "error");
    assertThat(error.getString("code")).isEqualTo(code);
    Short status =
        live.closed().future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(status).isEqualTo(LiveHub.CLOSE_SIGNED_OUT);
  }

  @Test
  @DisplayName("when its token expires: an error frame token-expired, then close 4401")
  void expires() throws Exception {
    Live live = watch(brief, brief.freshToken("duty"));
    assertEnded(live, LiveHub.TOKEN_EXPIRED);
    // a fresh token opens a new one
    Live again = watch(brief, brief.freshToken("duty"));
    assertThat(again.socket().isClosed()).isFalse();
    again.socket().close();
  }

  @Test
  @DisplayName("an auth frame with a fresh token before expiry keeps it open past the first one")
  void reauthenticate() throws Exception {
    String first = brief.freshToken("leader");
    Instant firstExpires = expiry(first);
    Live live = watch(brief, first);
    // a second or more later (tokens count whole seconds), a fresh token that outlives the first
    await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
    String second = brief.freshToken("leader");
    assertThat(expiry(second)).isAfter(firstExpires);
    live.socket()
        .writeTextMessage(new JsonObject().put("type", "auth").put("token", second).encode());
    assertThat(TestServer.next(live.frames(), "auth.ok")).isNotNull();
    // open until past the first token's expiry; the second ends it at its own
    Duration pastFirst = Duration.between(Instant.now(), firstExpires.plusMillis(500));
    await()
        .during(pastFirst)
        .atMost(pastFirst.plusSeconds(2))
        .until(() -> !live.closed().future().isComplete());
    assertEnded(live, LiveHub.TOKEN_EXPIRED);
  }

  /** When a token expires (its exp claim). */
  static Instant expiry(String jwt) {
    String payload = jwt.split("\\.")[1];
    return Instant.ofEpochSecond(
        new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload)))
            .getLong("exp"));
  }

  @Test
  @DisplayName("a sign-out with its token ends it at once (session-ended, close 4401)")
  void signOut() throws Exception {
    String token = server.freshToken("duty");
    Live live = watch(server, token);
    assertThat(
            server
                .await(
                    server.http.post("/api/v1/auth/logout").bearerTokenAuthentication(token).send())
                .statusCode())
        .isEqualTo(204);
    assertEnded(live, LiveHub.SESSION_ENDED);
  }

  @Test
  @DisplayName("disabling the user ends its connections; a refresh of another does not")
  void disabled() throws Exception {
    String name = "it-live-" + UUID.randomUUID().toString().substring(0, 8);
    server.user(name, io.gridpulse.server.identity.Role.DUTY);
    String token =
        server
            .await(
                server
                    .http
                    .post("/api/v1/auth/login")
                    .sendJsonObject(
                        new JsonObject()
                            .put("username", name)
                            .put("password", TestServer.PASSWORD)))
            .bodyAsJsonObject()
            .getString("token");
    Live live = watch(server, token);

    String other = server.freshToken("leader");
    Live stays = watch(server, other);
    assertThat(
            server
                .await(
                    server
                        .http
                        .post("/api/v1/auth/refresh")
                        .bearerTokenAuthentication(other)
                        .send())
                .statusCode())
        .isEqualTo(200);

    assertThat(
            server
                .await(
                    server
                        .http
                        .patch("/api/v1/admin/users/" + name)
                        .bearerTokenAuthentication(server.token("admin"))
                        .sendJsonObject(new JsonObject().put("disabled", true)))
                .statusCode())
        .isEqualTo(200);
    assertEnded(live, LiveHub.SESSION_ENDED);
    assertThat(stays.closed().future().isComplete()).as("a refreshed token's socket").isFalse();
    stays.socket().close();
  }
}
