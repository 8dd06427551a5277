package io.gridpulse.server.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The JSON frames of the live protocol (docs/live-protocol.md). */
final class Frames {
  private Frames() {}

  private static final ByteBuf TAIL = Unpooled.unreleasableBuffer(direct(new byte[] {'}'}));

  /**
   * Bytes in memory outside the heap that the garbage collector frees (the JDK's direct buffers),
   * wrapped for Netty (which never frees what it did not allocate).
   *
   * <p>Why outside the heap: a frame is the composite of its head, the shared data and its tail,
   * and a socket writes only direct memory. A composite with a heap part was copied for every
   * screen, twice (Netty merged the parts into a new heap buffer, then copied that to direct
   * memory): at 1,000 screens a fifth of the hub's writing and half of the server's garbage. A
   * composite whose parts are all direct goes to the socket as they are, in one gathering write.
   */
  static ByteBuf direct(byte[] bytes) {
    return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
  }

  /**
   * The heads of frames (a hundred bytes or so each), cut from direct slabs of {@value #SLAB}
   * bytes, one slab at a time for each thread (the hub's event loop): a slab is freed once the last
   * head cut from it is gone.
   */
  private static final int SLAB = 64 * 1024;

  private static final ThreadLocal<ByteBuffer[]> SLABS =
      ThreadLocal.withInitial(() -> new ByteBuffer[] {ByteBuffer.allocateDirect(SLAB)});

  static ByteBuf head(byte[] bytes) {
    ByteBuffer[] slab = SLABS.get();
    if (slab[0].remaining() < bytes.length) {
      if (bytes.length > SLAB / 4) {
        return direct(bytes);
      }
      slab[0] = ByteBuffer.allocateDirect(SLAB);
    }
    int start = slab[0].position();
    slab[0].put(bytes);
    return Unpooled.wrappedBuffer(slab[0].slice(start, bytes.length));
  }

  /**
   * The data of snapshots and deltas, encoded to UTF-8 once however many screens it goes to: a
   * notice of a pipeline batch reaches every screen watching its scope, and encoding the whole
   * frame for each of them (a copy into the frame's text, then its UTF-8) was most of the cost of a
   * delivery.
   */
  static final class Payload {
    final String json;
    private ByteBuf utf8;

    Payload(String json) {
      this.json = json;
    }

    /**
     * A view of the bytes with indices of its own; nothing to release (the collector frees them).
     */
    ByteBuf utf8() {
      if (utf8 == null) {
        utf8 = Unpooled.unreleasableBuffer(direct(json.getBytes(StandardCharsets.UTF_8)));
      }
      return utf8.duplicate();
    }
  }

  /**
   * A snapshot or delta as the UTF-8 of its JSON text: a head of its own ({@code type}, {@code
   * topic}, {@code scope}, {@code seq}) and the shared {@code data}, spliced in as they are.
   */
  static ByteBuf data(String type, Subscription sub, long seq, Payload data) {
    byte[] head =
        ("{\"type\":\""
                + type
                + "\",\"topic\":"
                + quote(sub.topic)
                + ",\"scope\":"
                + quote(sub.scope)
                + ",\"seq\":"
                + seq
                + ",\"data\":")
            .getBytes(StandardCharsets.UTF_8);
    return Unpooled.wrappedBuffer(head(head), data.utf8(), TAIL.duplicate());
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

  /**
   * A JSON string of {@code s}. Topics and scopes are names and digits: quoted as they are (this
   * runs for every frame to every screen; a JSON generator for two short strings was a few per cent
   * of the server's work at a thousand screens); anything else through the JSON encoder.
   */
  static String quote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return io.vertx.core.json.Json.encode(s);
      }
    }
    return '"' + s + '"';
  }
}
