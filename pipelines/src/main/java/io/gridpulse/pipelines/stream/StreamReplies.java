package io.gridpulse.pipelines.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Redis stream replies, in RESP3 (a map keyed by stream) or RESP2 (an array of pairs). */
final class StreamReplies {
  private StreamReplies() {}

  /** The entries of an XREADGROUP reply for a single stream; none when it timed out (nil). */
  static List<StreamIndexer.RawEntry> readEntries(Response reply) {
    if (reply == null || reply.size() == 0) {
      return List.of();
    }
    Response entries;
    if (reply.isMap()) {
      entries = reply.get(reply.getKeys().iterator().next());
    } else {
      entries = reply.get(0).get(1);
    }
    return entries(entries);
  }

  /** A list of {@code [id, [field, value, …]]} entries; a deleted entry has nil fields. */
  static List<StreamIndexer.RawEntry> entries(Response entries) {
    if (entries == null) {
      return List.of();
    }
    List<StreamIndexer.RawEntry> out = new ArrayList<>(entries.size());
    for (Response entry : entries) {
      String id = entry.get(0).toString();
      Response fields = entry.size() > 1 ? entry.get(1) : null;
      if (fields == null) {
        out.add(new StreamIndexer.RawEntry(id, null));
        continue;
      }
      // the values stay the bytes Redis sent: the document goes to the bulk body and the change
      // notice as it is, never decoded to a String and encoded again
      Map<String, Buffer> map = new LinkedHashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        map.put(fields.get(i).toString(), fields.get(i + 1).toBuffer());
      }
      out.add(new StreamIndexer.RawEntry(id, map));
    }
    return out;
  }
}
