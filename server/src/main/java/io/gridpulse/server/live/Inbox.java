package io.gridpulse.server.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Messages that arrive on one thread (the pub/sub connection's event loop) for another context (the
 * hub's): the first message schedules a task there, and that task takes every message that arrived
 * by the time it runs — up to {@code most} — as one batch, in order. When the context is busy the
 * messages gather instead of each queueing a task of its own, and its handler sees them together.
 */
final class Inbox<T> {
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor context;
  private final int most;
  private final Consumer<List<T>> handler;

  /**
   * @param context runs a task on the receiving context (tasks run one at a time, in order)
   * @param most the most messages in a batch (the rest wait for the next task)
   * @param handler one batch, on the receiving context
   */
  Inbox(Executor context, int most, Consumer<List<T>> handler) {
    if (most < 1) {
      throw new IllegalArgumentException("a batch holds at least one message");
    }
    this.context = context;
    this.most = most;
    this.handler = handler;
  }

  /** From any thread. */
  void add(T message) {
    queue.add(message);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      context.execute(this::drain);
    }
  }

  // a message added after the flag is cleared is either polled here or finds the flag clear and
  // schedules a task of its own: none is left behind
  private void drain() {
    scheduled.set(false);
    List<T> batch = new ArrayList<>();
    T next;
    while (batch.size() < most && (next = queue.poll()) != null) {
      batch.add(next);
    }
    try {
      if (!batch.isEmpty()) {
        handler.accept(batch);
      }
    } finally {
      if (!queue.isEmpty()) {
        schedule();
      }
    }
  }

  /**
   * {@code batch} in order, with runs of consecutive messages that {@code merged} reads items from
   * (it answers null for other messages) handed to {@code items} together, up to {@code most} items
   * at a time (a message's items are never split); every other message to {@code other}, in its
   * place.
   */
  static <T, I> void runs(
      List<T> batch,
      Function<T, List<I>> merged,
      int most,
      Consumer<List<I>> items,
      Consumer<T> other) {
    List<I> run = new ArrayList<>();
    for (T message : batch) {
      List<I> own = merged.apply(message);
      if (own == null) {
        if (!run.isEmpty()) {
          items.accept(run);
          run = new ArrayList<>();
        }
        other.accept(message);
        continue;
      }
      if (!run.isEmpty() && run.size() + own.size() > most) {
        items.accept(run);
        run = new ArrayList<>();
      }
      run.addAll(own);
    }
    if (!run.isEmpty()) {
      items.accept(run);
    }
  }
}
