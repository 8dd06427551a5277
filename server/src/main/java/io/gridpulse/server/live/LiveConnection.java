package io.gridpulse.server.live;

import io.gridpulse.server.identity.Caller;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.LinkedHashMap;
import java.util.Map;

/** One dashboard's WebSocket and what it watches. */
final class LiveConnection {
  final ServerWebSocket socket;
  final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  long lastHeard = System.nanoTime();

  /** Since when (nanos) frames have been skipped because the write queue is full; 0 when not. */
  long fullSince;

  /** Who signed in on this socket (cookie at the upgrade, or an auth frame); null until then. */
  Caller caller;

  /** The token {@link #caller} signed in with (to check the session again). */
  String token;

  /** The timer that ends the connection when the token expires; -1 when none. */
  long expiry = -1;

  /** Frames are handled one after the other, each after the previous (and any sign-in) is done. */
  Future<Void> turn = Future.succeededFuture();

  LiveConnection(ServerWebSocket socket) {
    this.socket = socket;
  }

  /**
   * The largest WebSocket frame written: Vert.x's clients refuse larger ones by default (their
   * {@code maxFrameSize}), so a longer message goes as a text frame and continuation frames, as
   * Vert.x's own {@code writeTextMessage} splits it.
   */
  static final int MAX_FRAME = 65_536;

  /** Writes a text message unless the socket is gone; false when it could not. */
  boolean send(String message) {
    if (socket.isClosed()) {
      return false;
    }
    socket.writeTextMessage(message);
    return true;
  }

  /**
   * Writes a text message given as its UTF-8 bytes (the frames of {@link Frames#data}, whose data
   * is shared between screens) unless the socket is gone; false when it could not. Vert.x's public
   * API writes text only from a {@code String}, which would encode the shared data again for every
   * screen: its frame class takes the bytes as they are.
   */
  boolean send(ByteBuf message) {
    if (socket.isClosed()) {
      return false;
    }
    int length = message.readableBytes();
    int offset = 0;
    do {
      int size = Math.min(MAX_FRAME, length - offset);
      socket.writeFrame(
          new WebSocketFrameImpl(
              offset == 0 ? WebSocketFrameType.TEXT : WebSocketFrameType.CONTINUATION,
              message.slice(message.readerIndex() + offset, size),
              offset + size == length));
      offset += size;
    } while (offset < length);
    return true;
  }
}
