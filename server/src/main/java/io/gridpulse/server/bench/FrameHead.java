package io.gridpulse.server.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the live benchmark's dashboards read of a frame: its type, topic, scope and {@code seq}, and
 * the ids of the events an {@code events.live} delta carries ({@code data.events[].id}).
 *
 * <p>Read with Jackson's streaming parser, skipping everything else: a thousand dashboards on the
 * same two cores as the server receive tens of megabytes of frames a second, and building a tree of
 * every frame (as {@code new JsonObject(text)} does) made the tool, not the server, the bottleneck
 * it was meant to measure.
 */
record FrameHead(String type, String topic, String scope, long seq, List<String> eventIds) {
  private static final JsonFactory JSON = new JsonFactory();

  static FrameHead read(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      return read(p, () -> text);
    } catch (IOException e) {
      throw notAFrame(text, e);
    }
  }

  /**
   * The same from the message's UTF-8 bytes, as they came off the socket: no {@code String} of the
   * whole message is built (at a hundred thousand event deliveries a second, decoding every message
   * to text was a large share of the tool's work on the cores it shares with the server).
   */
  static FrameHead read(byte[] utf8, int length) {
    // the message's start, for an error only
    Supplier<String> start =
        () -> new String(utf8, 0, Math.min(length, 121), StandardCharsets.UTF_8);
    try (JsonParser p = JSON.createParser(utf8, 0, length)) {
      return read(p, start);
    } catch (IOException e) {
      throw notAFrame(start.get(), e);
    }
  }

  private static UncheckedIOException notAFrame(String text, IOException e) {
    return new UncheckedIOException("not a frame: " + abbreviate(text), e);
  }

  private static FrameHead read(JsonParser p, Supplier<String> start) throws IOException {
    String type = null;
    String topic = null;
    String scope = null;
    long seq = -1;
    List<String> ids = List.of();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("a frame is a JSON object: " + abbreviate(start.get()));
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> type = p.getValueAsString();
        case "topic" -> topic = p.getValueAsString();
        case "scope" -> scope = p.getValueAsString();
        case "seq" -> seq = p.getValueAsLong(-1);
        case "data" -> {
          if (value == JsonToken.START_OBJECT) {
            ids = eventIds(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return new FrameHead(type, topic, scope, seq, ids);
  }

  /** Inside {@code data}: the ids of {@code events[]}, the rest skipped; ends on its END_OBJECT. */
  private static List<String> eventIds(JsonParser p) throws IOException {
    List<String> ids = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!"events".equals(name) || value != JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      ids = new ArrayList<>();
      for (JsonToken item = p.nextToken();
          item != null && item != JsonToken.END_ARRAY;
          item = p.nextToken()) {
        if (item != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if ("id".equals(field)) {
            ids.add(p.getValueAsString());
          } else {
            p.skipChildren();
          }
        }
      }
    }
    return ids;
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "…";
  }
}
