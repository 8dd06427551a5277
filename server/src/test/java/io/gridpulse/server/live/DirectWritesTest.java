package io.gridpulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectWrites} against the real Vert.x this project builds with: a server in strict thread
 * mode inside one verticle, as {@code HttpVerticle} runs it, and a real client. Fails when a Vert.x
 * upgrade changes the internals it relies on, and checks that a direct socket still delivers every
 * message in order, reports a full write queue by the high-water mark it was given, and calls its
 * drain handler when the client reads again.
 */
class DirectWritesTest {
  Vertx vertx;
  WebSocketClient client;
  int port;
  final BlockingQueue<ServerWebSocket> sockets = new LinkedBlockingQueue<>();
  final List<Boolean> applied = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    vertx
        .deployVerticle(
            new AbstractVerticle() {
              @Override
              public void start(Promise<Void> started) {
                // as HttpVerticle: a route of vertx-web's router upgrades the request
                Router router = Router.router(vertx);
                router
                    .route("/ws")
                    .handler(
                        rc ->
                            rc.request()
                                .toWebSocket()
                                .onSuccess(
                                    socket -> {
                                      applied.add(DirectWrites.apply(socket));
                                      sockets.add(socket);
                                    }));
                vertx
                    .createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
                    .requestHandler(router)
                    .listen(0)
                    .onSuccess(s -> listening.complete(s.actualPort()))
                    .<Void>mapEmpty()
                    .onComplete(started);
              }
            })
        .await(10, TimeUnit.SECONDS);
    port = listening.get(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theInternalsAreThere() {
    assertThat(DirectWrites.UNAVAILABLE).isNull();
  }

  @Test
  void everyMessageArrivesInOrder() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket ws = connect(received);
    ServerWebSocket socket = sockets.poll(10, TimeUnit.SECONDS);
    assertThat(applied).containsExactly(true);
    assertThat(DirectWrites.isDirect(socket)).isTrue();

    int n = 2_000;
    onLoopOf(
        socket,
        () -> {
          for (int i = 0; i < n; i++) {
            socket.writeTextMessage("m" + i);
          }
        });
    for (int i = 0; i < n; i++) {
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
    }

    // the client hears the server's close
    CompletableFuture<Short> closed = new CompletableFuture<>();
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    onLoopOf(socket, () -> socket.close((short) 1001, "bye"));
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1001);
  }

  @Test
  void aClientThatStopsReadingFillsTheQueueAndItsDrainIsHeard() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket ws = connect(received);
    ServerWebSocket socket = sockets.poll(10, TimeUnit.SECONDS);
    assertThat(DirectWrites.isDirect(socket)).isTrue();
    ws.pause();

    // write 4 KB messages until the socket says its queue is full (64 KB high-water mark, plus
    // whatever the kernel's buffers took): it must say so, and long before 100 MB
    String chunk = "x".repeat(4096);
    AtomicInteger written = new AtomicInteger();
    AtomicInteger drained = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              CompletableFuture<Boolean> full = new CompletableFuture<>();
              onLoopOf(
                  socket,
                  () -> {
                    socket.setWriteQueueMaxSize(64 * 1024);
                    for (int i = 0; i < 64 && !socket.writeQueueFull(); i++) {
                      socket.writeTextMessage(written.getAndIncrement() + ":" + chunk);
                    }
                    if (socket.writeQueueFull()) {
                      socket.drainHandler(v -> drained.incrementAndGet());
                      full.complete(true);
                    } else {
                      full.complete(false);
                    }
                  });
              return full.get(10, TimeUnit.SECONDS);
            });
    assertThat(written.get()).isLessThan(25_000);

    ws.resume();
    int n = written.get();
    for (int i = 0; i < n; i++) {
      String message = received.poll(10, TimeUnit.SECONDS);
      assertThat(message).startsWith(i + ":").hasSize((i + ":").length() + 4096);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> drained.get() == 1);
    CompletableFuture<Boolean> fullAfter = new CompletableFuture<>();
    onLoopOf(socket, () -> fullAfter.complete(socket.writeQueueFull()));
    assertThat(fullAfter.get(10, TimeUnit.SECONDS)).isFalse();
  }

  /** A client socket whose text messages go to {@code received}. */
  private WebSocket connect(BlockingQueue<String> received) throws Exception {
    WebSocket ws = client.connect(port, "localhost", "/ws").await(10, TimeUnit.SECONDS);
    ws.textMessageHandler(received::add);
    return ws;
  }

  /** Runs on the socket's event loop (where GridPulse's hub writes) and waits for it. */
  private void onLoopOf(ServerWebSocket socket, Runnable work) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    DirectWrites.loopOf(socket)
        .execute(
            () -> {
              try {
                work.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    done.get(30, TimeUnit.SECONDS);
  }
}
