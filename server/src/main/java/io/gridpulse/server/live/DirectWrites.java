package io.gridpulse.server.live;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.VertxConnection;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an upgraded WebSocket the direct write path that Vert.x gives an HTTP/1 connection in
 * strict thread mode, instead of the cross-thread write queue Vert.x 5.0 gives every WebSocket
 * connection.
 *
 * <p>Why: that queue (a jctools chunk of 1,024 slots allocated with the socket, ≈4.8 KB with its
 * padding) is a third of an idle dashboard's live heap, and it exists only so that threads other
 * than the socket's event loop may write. Vert.x's HTTP server has a strict thread mode that drops
 * it for HTTP connections ({@code HttpServerOptions.setStrictThreadMode}, which GridPulse uses) but
 * does not pass it on to the WebSocket connection an upgrade creates. GridPulse writes to a
 * dashboard only from the hub, which runs on the same event loop as the HTTP server that accepted
 * the socket (one verticle), so the queue is never needed.
 *
 * <p>How: Vert.x's own {@code DirectOutboundMessageQueue} (what strict mode uses) replaces the
 * socket's queue, through reflection on Vert.x's internals: the socket under vertx-web's wrapper
 * ({@code delegate}), its {@code conn} and the connection's {@code outboundMessageQueue}. Done only
 * on the socket's own event loop, right after the handshake (nothing has been written through the
 * new connection yet). With the direct path, a write goes to Netty at once and {@code
 * writeQueueFull()} is Netty's own writability, whose high-water mark {@code setWriteQueueMaxSize}
 * sets, as for a strict HTTP connection. If a Vert.x upgrade changes those internals, nothing is
 * changed and the server says so once in its log (the sockets then keep Vert.x's queue and work as
 * before); {@code DirectWritesTest} fails on such an upgrade so that it is seen before release.
 */
final class DirectWrites {
  private static final Logger LOG = LoggerFactory.getLogger(DirectWrites.class);

  private static final Field WRAPPED;
  private static final Field CONN;
  private static final Field QUEUE;
  private static final Constructor<?> DIRECT;

  /** Why the direct path is not available (null when it is). */
  static final String UNAVAILABLE;

  static {
    Field wrapped = null;
    Field conn = null;
    Field queue = null;
    Constructor<?> direct = null;
    String why = null;
    try {
      // vertx-web's router hands out the socket wrapped (RoutingContext's request.toWebSocket())
      wrapped =
          Class.forName("io.vertx.ext.web.impl.ServerWebSocketWrapper")
              .getDeclaredField("delegate");
      conn = Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("conn");
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      direct =
          Class.forName("io.vertx.core.net.impl.VertxConnection$DirectOutboundMessageQueue")
              .getDeclaredConstructor(VertxConnection.class);
      wrapped.setAccessible(true);
      conn.setAccessible(true);
      queue.setAccessible(true);
      direct.setAccessible(true);
      if (!VertxConnection.class.isAssignableFrom(conn.getType())
          || !queue.getType().isAssignableFrom(direct.getDeclaringClass())) {
        why = "Vert.x's connection fields have other types than expected";
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      why = e.toString();
    }
    WRAPPED = wrapped;
    CONN = conn;
    QUEUE = queue;
    DIRECT = direct;
    UNAVAILABLE = why;
    if (why != null) {
      LOG.warn(
          "live: WebSocket connections keep Vert.x's cross-thread write queue (≈4.8 KB each): this"
              + " Vert.x's internals differ from 5.0's ({}); dashboards work as before",
          why);
    }
  }

  private DirectWrites() {}

  /** Vert.x's own socket under vertx-web's wrapper (the socket itself when not wrapped). */
  private static Object unwrap(ServerWebSocket socket) throws IllegalAccessException {
    Object s = socket;
    while (WRAPPED.getDeclaringClass().isInstance(s)) {
      s = WRAPPED.get(s);
    }
    return s;
  }

  /** Vert.x's connection of a socket; null when it is no socket of Vert.x's HTTP server. */
  private static VertxConnection connectionOf(ServerWebSocket socket)
      throws IllegalAccessException {
    Object s = unwrap(socket);
    return CONN.getDeclaringClass().isInstance(s) ? (VertxConnection) CONN.get(s) : null;
  }

  /**
   * Switches a freshly upgraded socket to direct writes; true when its writes are direct now. Must
   * be called on the socket's event loop, before anything is written to it; every later write must
   * be made on that event loop too (Vert.x checks it with assertions enabled).
   */
  static boolean apply(ServerWebSocket socket) {
    if (UNAVAILABLE != null) {
      return false;
    }
    try {
      VertxConnection conn = connectionOf(socket);
      if (conn == null) {
        LOG.debug("live: direct writes not applied: {} is no Vert.x socket", socket.getClass());
        return false;
      }
      ChannelHandlerContext chctx = conn.channelHandlerContext();
      if (!chctx.executor().inEventLoop()) {
        LOG.debug("live: direct writes not applied: not on the socket's event loop");
        return false;
      }
      if (!DIRECT.getDeclaringClass().isInstance(QUEUE.get(conn))) {
        QUEUE.set(conn, DIRECT.newInstance(conn));
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("live: direct writes not applied: {}", e.toString());
      return false;
    }
  }

  /** The event loop a socket's connection runs on (null when the internals are not there). */
  static EventExecutor loopOf(ServerWebSocket socket) {
    try {
      VertxConnection conn = UNAVAILABLE == null ? connectionOf(socket) : null;
      return conn == null ? null : conn.channelHandlerContext().executor();
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** Whether a socket writes directly (for tests). */
  static boolean isDirect(ServerWebSocket socket) {
    try {
      VertxConnection conn = UNAVAILABLE == null ? connectionOf(socket) : null;
      return conn != null && DIRECT.getDeclaringClass().isInstance(QUEUE.get(conn));
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
