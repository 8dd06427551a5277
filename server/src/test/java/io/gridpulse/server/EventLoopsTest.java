package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Event loops chosen on purpose")
class EventLoopsTest {

  @Test
  @DisplayName("a context besides another runs on another thread, whichever loop the other has")
  void besidesIsAnotherLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    try {
      // Vert.x hands out its loops in turn: eight contexts cover each of the four twice
      for (int i = 0; i < 8; i++) {
        Context taken = ((VertxInternal) vertx).createEventLoopContext();
        Context other = EventLoops.besides(vertx, taken);
        assertThat(EventLoops.shareLoop(taken, other)).isFalse();
        assertThat(EventLoops.shareLoop(taken, taken)).isTrue();
        assertThat(thread(other)).isNotSameAs(thread(taken));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("with a single event loop there is no other: the context given is kept")
  void singleLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Context taken = vertx.getOrCreateContext();
      assertThat(EventLoops.besides(vertx, taken)).isSameAs(taken);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static Thread thread(Context context) throws Exception {
    CompletableFuture<Thread> on = new CompletableFuture<>();
    context.runOnContext(v -> on.complete(Thread.currentThread()));
    return on.get(10, TimeUnit.SECONDS);
  }
}
