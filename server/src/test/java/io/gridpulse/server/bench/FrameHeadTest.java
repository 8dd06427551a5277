package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameHeadTest {
  @Test
  void readsTheHeadAndTheEventIdsOfADelta() {
    String text =
        new JsonObject()
            .put("type", "delta")
            .put("topic", "events.live")
            .put("scope", "371502001")
            .put("seq", 42)
            .put(
                "data",
                new JsonObject()
                    .put("before", new JsonObject().put("id", "not an event"))
                    .put(
                        "events",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("location", new JsonObject().put("id", "nested"))
                                    .put("tags", new JsonArray().add("a").add(new JsonArray()))
                                    .put("id", "e-1")
                                    .put("text", "长 \"quoted\" }"))
                            .add("not an object")
                            .add(new JsonObject().put("id", "e-2")))
                    .put("after", 1))
            .encode();

    FrameHead head = FrameHead.read(text);

    assertThat(head.type()).isEqualTo("delta");
    assertThat(head.topic()).isEqualTo("events.live");
    assertThat(head.scope()).isEqualTo("371502001");
    assertThat(head.seq()).isEqualTo(42);
    assertThat(head.eventIds()).containsExactly("e-1", "e-2");
    // the same from the message's bytes in place, within a longer array
    String before = "{\"长 garbage\":\"";
    byte[] utf8 = (before + text + "garbage after the message").getBytes(StandardCharsets.UTF_8);
    int offset = before.getBytes(StandardCharsets.UTF_8).length;
    assertThat(FrameHead.read(utf8, offset, text.getBytes(StandardCharsets.UTF_8).length))
        .isEqualTo(head);
  }

  @Test
  void readsAnyLayoutOfTheSameFrame() {
    JsonObject frame =
        new JsonObject()
            .put(
                "data",
                new JsonObject()
                    .put("events", new JsonArray())
                    .put(
                        "events",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("n", -1.5e3)
                                    .put("id", "e-\"3\\")
                                    .put("x", null))
                            .add(new JsonObject().put("ok", true).put("id", "事件-4"))))
            .put("seq", 7)
            .put("scope", "371502")
            .put("topic", "events.live")
            .put("type", "delta");

    FrameHead compact = FrameHead.read(frame.encode());
    FrameHead pretty = FrameHead.read(frame.encodePrettily());

    assertThat(compact.eventIds()).containsExactly("e-\"3\\", "事件-4");
    assertThat(compact.seq()).isEqualTo(7);
    assertThat(compact.type()).isEqualTo("delta");
    assertThat(compact.scope()).isEqualTo("371502");
    assertThat(pretty).isEqualTo(compact);
  }

  /** The tool reads a message in place: within its array, wherever the buffer's bytes start. */
  @Test
  void aMessageIsReadWhereItsBufferHoldsIt() {
    String frame =
        "{\"type\":\"delta\",\"topic\":\"events.live\",\"scope\":\"371502\",\"seq\":7,"
            + "\"data\":{\"events\":[{\"id\":\"e-长\"},{\"id\":\"e-2\"}]}}";
    FrameHead expected = FrameHead.read(frame);
    Buffer whole = Buffer.buffer("{\"id\":\"before\"," + frame + "\"after\"}");
    int start = "{\"id\":\"before\",".length();
    Buffer slice = whole.slice(start, start + frame.getBytes(StandardCharsets.UTF_8).length);

    assertThat(LiveBench.head(slice)).isEqualTo(expected);
    assertThat(LiveBench.head(Buffer.buffer(frame))).isEqualTo(expected);
    assertThat(LiveBench.head(Buffer.buffer("{\"type\":").appendString(frame.substring(8))))
        .isEqualTo(expected);
  }

  @Test
  void aMessageIsGatheredFromItsFrames() {
    List<String> messages = new ArrayList<>();
    LiveBench.Messages socket =
        new LiveBench.Messages(m -> messages.add(m.toString(StandardCharsets.UTF_8)));
    socket.handle(WebSocketFrame.textFrame("{\"type\":\"pong\"}", true));
    socket.handle(WebSocketFrame.binaryFrame(Buffer.buffer("binary: not a dashboard's"), true));
    socket.handle(WebSocketFrame.textFrame("{\"type\":\"delta\",", false));
    socket.handle(WebSocketFrame.continuationFrame(Buffer.buffer("\"topic\":\"事件"), false));
    socket.handle(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
    socket.handle(WebSocketFrame.continuationFrame(Buffer.buffer("stray"), true));

    assertThat(messages)
        .containsExactly("{\"type\":\"pong\"}", "{\"type\":\"delta\",\"topic\":\"事件\"}");
    assertThat(FrameHead.read(messages.get(1)).topic()).isEqualTo("事件");
  }

  @Test
  void aFrameWithoutEventsHasNoIds() {
    FrameHead snapshot =
        FrameHead.read(
            "{\"data\":{\"reported\":3},\"type\":\"snapshot\",\"topic\":\"overview\",\"scope\":\"371502\",\"seq\":0}");
    assertThat(snapshot.type()).isEqualTo("snapshot");
    assertThat(snapshot.seq()).isZero();
    assertThat(snapshot.eventIds()).isEmpty();

    FrameHead pong = FrameHead.read("{\"type\":\"pong\"}");
    assertThat(pong.type()).isEqualTo("pong");
    assertThat(pong.seq()).isEqualTo(-1);
    assertThat(pong.topic()).isNull();
  }

  @Test
  void notAFrameSaysWhat() {
    assertThatThrownBy(() -> FrameHead.read("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> FrameHead.read("{\"type\":")).hasMessageContaining("not a frame");
    for (String broken :
        List.of(
            "{\"data\":{\"events\":[1}}}",
            "{\"data\":{\"events\":[{\"id\":\"a\"}}}",
            "{\"a\":1 \"b\":2}",
            "{\"type\":}")) {
      assertThatThrownBy(() -> FrameHead.read(broken))
          .as(broken)
          .hasMessageContaining("not a frame");
    }
    byte[] cut = "{\"type\":".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FrameHead.read(cut, 0, cut.length))
        .hasMessageContaining("not a frame: {\"type\":");
  }

  /**
   * Strings are skipped eight bytes at a time: quotes, backslashes and multi-byte characters at
   * every offset of a word, and strings of every length around it, read as a JSON parser reads
   * them.
   */
  @Test
  void stringsAreReadWhereverTheirQuotesAndEscapesFall() {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "ab\"\\长/\n\u0001é ";
    for (int round = 0; round < 2_000; round++) {
      JsonArray events = new JsonArray();
      List<String> ids = new ArrayList<>();
      for (int e = 0; e < 1 + random.nextInt(4); e++) {
        String id = text(random, alphabet, random.nextInt(24));
        ids.add(id);
        events.add(
            new JsonObject()
                .put(text(random, alphabet, random.nextInt(12)), text(random, alphabet, 40))
                .put("title", text(random, alphabet, random.nextInt(30)))
                .put("id", id)
                .put("description", text(random, alphabet, random.nextInt(70))));
      }
      String frame =
          new JsonObject()
              .put("type", "delta")
              .put("seq", round)
              .put("data", new JsonObject().put("events", events))
              .encode();
      FrameHead head = FrameHead.read(frame);
      assertThat(head.eventIds()).as(frame).isEqualTo(ids);
      assertThat(head.seq()).isEqualTo(round);
      // the bytes around a message are not read, even when they would close its string; a
      // message at any offset of its array (every alignment of the words)
      byte[] own = frame.getBytes(StandardCharsets.UTF_8);
      String before = "{\"\\\"".repeat(random.nextInt(4)) + "x".repeat(random.nextInt(8));
      byte[] padded = (before + frame + "\"\"\"\"\"\"\"\"}").getBytes(StandardCharsets.UTF_8);
      assertThat(FrameHead.read(padded, before.length(), own.length)).isEqualTo(head);
      int cutAt = own.length - 2 - random.nextInt(own.length / 2);
      byte[] cut = java.util.Arrays.copyOf(own, own.length + 9);
      java.util.Arrays.fill(cut, cutAt, cut.length, (byte) '"');
      assertThatThrownBy(() -> FrameHead.read(cut, 0, cutAt))
          .as(frame.substring(0, Math.min(frame.length(), cutAt)))
          .hasMessageContaining("not a frame");
    }
  }

  private static String text(java.util.Random random, String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
