package io.gridpulse.server.live;

import io.vertx.core.json.JsonObject;

/** The JSON frames of the live protocol (docs/live-protocol.md). */
final class Frames {
  private Frames() {}

  /** A snapshot or delta; {@code dataJson} is spliced in as it is. */
  static String data(String type, Subscription sub, long seq, String dataJson) {
    return "{\"type\":\""
        + type
        + "\",\"topic\":"
        + quote(sub.topic)
        + ",\"scope\":\""
        + sub.scope
        + "\",\"seq\":"
        + seq
        + ",\"data\":"
        + dataJson
        + "}";
  }

  static String error(String code, String message, String topic, String scope) {
    JsonObject frame =
        new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (topic != null) {
      frame.put("topic", topic);
    }
    if (scope != null) {
      frame.put("scope", scope);
    }
    return frame.encode();
  }

  private static String quote(String s) {
    return io.vertx.core.json.Json.encode(s);
  }
}
