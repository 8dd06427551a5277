package io.gridpulse.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The hub's inbox: what arrives while its loop is busy is taken together, in order")
class InboxTest {
  /** A context whose tasks run when the test says. */
  static final class Held implements java.util.concurrent.Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  @Test
  @DisplayName("messages that arrive before the task runs are one batch; later ones the next")
  void gathersWhileBusy() {
    Held loop = new Held();
    List<List<String>> batches = new ArrayList<>();
    Inbox<String> inbox = new Inbox<>(loop, 64, batches::add);
    inbox.add("a");
    inbox.add("b");
    inbox.add("c");
    assertThat(loop.tasks).as("one task for the three").hasSize(1);
    loop.runAll();
    inbox.add("d");
    loop.runAll();
    assertThat(batches).containsExactly(List.of("a", "b", "c"), List.of("d"));
  }

  @Test
  @DisplayName("a batch holds at most its bound; the rest follow in a task of their own")
  void bounded() {
    Held loop = new Held();
    List<List<String>> batches = new ArrayList<>();
    Inbox<String> inbox = new Inbox<>(loop, 2, batches::add);
    List.of("a", "b", "c", "d", "e").forEach(inbox::add);
    loop.runAll();
    assertThat(batches).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
  }

  @Test
  @DisplayName("a handler that throws leaves nothing behind")
  void survivesTheHandler() {
    Held loop = new Held();
    List<String> seen = new ArrayList<>();
    Inbox<String> inbox =
        new Inbox<>(
            loop,
            1,
            batch -> {
              seen.addAll(batch);
              throw new IllegalStateException("boom");
            });
    inbox.add("a");
    inbox.add("b");
    while (!loop.tasks.isEmpty()) {
      try {
        loop.tasks.poll().run();
      } catch (IllegalStateException expected) {
        // the context logs it; the next task is already scheduled
      }
    }
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  @DisplayName("from another thread, every message is handled once and in order")
  void acrossThreads() throws Exception {
    ExecutorService loop = Executors.newSingleThreadExecutor();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    Inbox<Integer> inbox =
        new Inbox<>(
            loop,
            64,
            batch -> {
              sizes.add(batch.size());
              seen.addAll(batch);
            });
    int count = 200_000;
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < count; i++) {
                inbox.add(i);
              }
            });
    producer.start();
    producer.join();
    // the last tasks are scheduled by the ones before them: shut the loop only once all arrived
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= count);
    loop.shutdown();
    assertThat(loop.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
    assertThat(sizes).allMatch(size -> size >= 1 && size <= 64);
  }

  @Test
  @DisplayName("consecutive notices merge up to the bound, never split, others keep their place")
  void runs() {
    // "e:n" is a notice of n events; anything else is another message
    List<String> batch = List.of("e:2", "e:3", "x", "e:1", "e:4", "e:4", "y", "e:9");
    List<Object> out = new ArrayList<>();
    Inbox.<String, String>runs(
        batch,
        m -> {
          if (!m.startsWith("e:")) {
            return null;
          }
          int n = Integer.parseInt(m.substring(2));
          List<String> events = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            events.add(m + "#" + i);
          }
          return events;
        },
        8,
        run -> out.add(run.size()),
        out::add);
    // 2+3 merged; x; 1+4 (5), then 4 would make 9 > 8: a run of its own; y; 9 alone (never split)
    assertThat(out).containsExactly(5, "x", 5, 4, "y", 9);
  }
}
