package io.gridpulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("events.live deltas of a pipeline batch")
class EventFramesTest {
  static String[] events(int n, String text) {
    return IntStream.range(0, n)
        .mapToObj(i -> new JsonObject().put("id", "e" + i).put("description", text).encode())
        .toArray(String[]::new);
  }

  static List<String> ids(List<String> frames) {
    List<String> ids = new ArrayList<>();
    for (String frame : frames) {
      JsonArray events = new JsonObject(frame).getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        ids.add(events.getJsonObject(i).getString("id"));
      }
    }
    return ids;
  }

  @Test
  @DisplayName("a small batch is one delta, in order")
  void small() {
    String[] encoded = events(5, "垃圾满溢");
    List<String> frames = LiveHub.eventFrames(encoded, List.of(0, 2, 4));
    assertThat(frames).hasSize(1);
    assertThat(ids(frames)).containsExactly("e0", "e2", "e4");
  }

  @Test
  @DisplayName("a batch of long events is split: each delta within one 64 KiB frame, none lost")
  void split() {
    String[] encoded = events(500, "长".repeat(800)); // about 2.4 KB of UTF-8 each
    List<Integer> all = IntStream.range(0, 500).boxed().toList();
    List<String> frames = LiveHub.eventFrames(encoded, all);
    assertThat(frames.size()).isGreaterThan(15);
    for (String frame : frames) {
      assertThat(frame.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(LiveHub.MAX_EVENTS_FRAME + 16)
          .isLessThan(64 * 1024 - 512);
    }
    assertThat(ids(frames)).containsExactlyElementsOf(all.stream().map(i -> "e" + i).toList());
  }

  @Test
  @DisplayName("an event larger than the bound goes alone")
  void oversized() {
    String[] encoded = {
      new JsonObject().put("id", "big").put("description", "x".repeat(70_000)).encode(),
      new JsonObject().put("id", "small").encode()
    };
    List<String> frames = LiveHub.eventFrames(encoded, List.of(0, 1));
    assertThat(frames).hasSize(2);
    assertThat(ids(frames)).containsExactly("big", "small");
  }
}
