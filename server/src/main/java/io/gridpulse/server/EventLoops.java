package io.gridpulse.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * Contexts on an event loop of our choosing. Vert.x hands each deployment the next of its event
 * loops in turn, so which verticles share a loop depends on what else took one in between: in
 * session 15 the events' pipeline and the HTTP verticle (every socket, intake, the live hub's
 * fan-out) shared one of four loops, and each step of a batch (read, bulk, acknowledgement) waited
 * behind a fan-out. Vert.x has no public way to choose a loop; this uses its internal context
 * builder ({@code io.vertx.core.internal}, kept for integrations such as its own clients).
 */
public final class EventLoops {
  private EventLoops() {}

  /**
   * A new context on an event loop other than {@code taken}'s (the first such loop of the group),
   * or {@code taken} itself when Vert.x has a single event loop.
   */
  public static Context besides(Vertx vertx, Context taken) {
    VertxInternal internal = (VertxInternal) vertx;
    EventLoop busy = ((ContextInternal) taken).nettyEventLoop();
    for (EventExecutor executor : internal.nettyEventLoopGroup()) {
      if (executor instanceof EventLoop loop && loop != busy) {
        return internal.contextBuilder().withEventLoop(loop).build();
      }
    }
    return taken;
  }

  /** Whether two contexts run on the same event loop (the same thread). */
  public static boolean shareLoop(Context a, Context b) {
    return ((ContextInternal) a).nettyEventLoop() == ((ContextInternal) b).nettyEventLoop();
  }
}
