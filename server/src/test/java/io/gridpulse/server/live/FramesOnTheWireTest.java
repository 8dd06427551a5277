package io.gridpulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames written from shared UTF-8 data ({@link Frames#data}, {@link LiveConnection#send}) arrive
 * as the text messages they encode, over a real Vert.x server and client with their default limits:
 * short ones in one frame, long ones split into continuation frames.
 */
class FramesOnTheWireTest {
  static Vertx vertx;
  static HttpServer server;
  static WebSocketClient client;
  static final BlockingQueue<LiveConnection> connections = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .webSocketHandler(socket -> connections.add(new LiveConnection(socket)))
            .listen(0)
            .await(10, TimeUnit.SECONDS);
    // a message limit above the long message's 300 kB; the frame limit left at its default (64
    // KiB):
    // the frames, not the message, are what the server must keep within a client's defaults
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(1 << 20));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void oneDataForManyScreensEachWithItsOwnHeadAndSeq() throws Exception {
    JsonArray events = new JsonArray();
    for (int i = 0; i < 3; i++) {
      events.add(new JsonObject().put("id", "e-" + i).put("text", "东昌府区 \"引号\" \\ 路灯"));
    }
    Frames.Payload data = new Frames.Payload(new JsonObject().put("events", events).encode());
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    LiveConnection a = open(first);
    LiveConnection b = open(second);
    Subscription subA = new Subscription(a, "events.live", "371502001", false);
    Subscription subB = new Subscription(b, "events.live", "371502", false);

    for (int seq = 0; seq < 3; seq++) {
      assertThat(a.send(Frames.data("delta", subA, seq, data))).isTrue();
      assertThat(b.send(Frames.data("delta", subB, seq + 10, data))).isTrue();
    }

    for (int seq = 0; seq < 3; seq++) {
      JsonObject frame = new JsonObject(first.poll(10, TimeUnit.SECONDS));
      assertThat(frame.getString("type")).isEqualTo("delta");
      assertThat(frame.getString("topic")).isEqualTo("events.live");
      assertThat(frame.getString("scope")).isEqualTo("371502001");
      assertThat(frame.getLong("seq")).isEqualTo(seq);
      assertThat(frame.getJsonObject("data").getJsonArray("events")).isEqualTo(events);
      JsonObject other = new JsonObject(second.poll(10, TimeUnit.SECONDS));
      assertThat(other.getString("scope")).isEqualTo("371502");
      assertThat(other.getLong("seq")).isEqualTo(seq + 10);
      assertThat(other.getJsonObject("data")).isEqualTo(frame.getJsonObject("data"));
    }
  }

  @Test
  void aHeadsStringsAreTheirJson() {
    for (String s :
        List.of("events.live", "371502001", "", "a\"b", "back\\slash", "长", "tab\t", "\u007f")) {
      assertThat(Frames.quote(s)).as(s).isEqualTo(io.vertx.core.json.Json.encode(s));
    }
  }

  @Test
  void aMessageLongerThanAFrameArrivesWhole() throws Exception {
    // 3 bytes a character: frame boundaries fall inside characters, as UTF-8 allows in fragments
    String text = "长".repeat(100_000);
    Frames.Payload data = new Frames.Payload(new JsonObject().put("text", text).encode());
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    LiveConnection connection = open(received);
    Subscription sub = new Subscription(connection, "hotspots", "371502", false);

    connection.send(Frames.data("snapshot", sub, 7, data));
    connection.send(Frames.data("delta", sub, 8, new Frames.Payload("{\"n\":1}")));

    JsonObject snapshot = new JsonObject(received.poll(10, TimeUnit.SECONDS));
    assertThat(snapshot.getLong("seq")).isEqualTo(7);
    assertThat(snapshot.getJsonObject("data").getString("text")).isEqualTo(text);
    JsonObject delta = new JsonObject(received.poll(10, TimeUnit.SECONDS));
    assertThat(delta.getLong("seq")).isEqualTo(8);
    assertThat(delta.getJsonObject("data").getInteger("n")).isEqualTo(1);
  }

  /**
   * Every part of a frame is direct memory (a socket writes direct memory only: a heap part made
   * Netty copy the whole frame for every screen), and the heads cut from one slab after another
   * each keep their own bytes.
   */
  @Test
  void aFrameIsDirectMemoryThroughout() {
    Frames.Payload data = new Frames.Payload("{\"n\":\"长\"}");
    Subscription sub = new Subscription(null, "overview", "371502001", false);
    List<io.netty.buffer.ByteBuf> frames = new java.util.ArrayList<>();
    // past two slabs' worth of heads
    for (long seq = 0; seq < 3_000; seq++) {
      io.netty.buffer.ByteBuf frame = Frames.data("delta", sub, seq * 1_000_003L, data);
      assertThat(frame.isDirect()).as("frame %d", seq).isTrue();
      frames.add(frame);
    }
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).toString(java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"type\":\"delta\",\"topic\":\"overview\",\"scope\":\"371502001\",\"seq\":"
                  + i * 1_000_003L
                  + ",\"data\":{\"n\":\"长\"}}");
    }
  }

  private static LiveConnection open(BlockingQueue<String> received) throws Exception {
    WebSocket socket =
        client.connect(server.actualPort(), "localhost", "/ws").await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(received::add);
    LiveConnection connection = connections.poll(10, TimeUnit.SECONDS);
    assertThat(connection).isNotNull();
    return connection;
  }
}
