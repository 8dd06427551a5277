package io.gridpulse.server.live;

import io.gridpulse.server.identity.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
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

  /** Writes a text frame unless the socket is gone; false when it could not. */
  boolean send(String frame) {
    if (socket.isClosed()) {
      return false;
    }
    socket.writeTextMessage(frame);
    return true;
  }
}
