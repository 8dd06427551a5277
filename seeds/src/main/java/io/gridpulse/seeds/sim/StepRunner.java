package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Timed steps per record (an event's loop, a mediation case), taken at their wall-clock times
 * through the API: the steps of one record one after another; a record not indexed yet (404) is
 * tried again shortly, as is one the server could not serve (5xx); a step refused otherwise
 * (someone acted on the record in between) leaves the record's remaining steps to the people. Used
 * from one Vert.x context.
 *
 * @param <S> a step
 */
final class StepRunner<S> {
  static final long TICK_MS = 500;
  static final int MAX_NOT_FOUND = 20;
  static final int IN_FLIGHT = 8;

  /** Takes one step of a record; the HTTP status of the answer. */
  @FunctionalInterface
  interface Taker<S> {
    Future<Integer> take(String key, S step);
  }

  private record Due(long atMillis, String key) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  private final Vertx vertx;
  private final Clock clock;
  private final Function<S, Instant> at;
  private final Taker<S> taker;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private final Map<String, Deque<S>> pending = new HashMap<>();
  private final Map<String, Integer> notFound = new HashMap<>();
  private long timer = -1;
  private int inFlight;
  private long taken;
  private long dropped;

  StepRunner(Vertx vertx, Clock clock, Function<S, Instant> at, Taker<S> taker) {
    this.vertx = vertx;
    this.clock = clock;
    this.at = at;
    this.taker = taker;
  }

  void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> pump());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Whether the record has steps waiting. */
  boolean has(String key) {
    return pending.containsKey(key);
  }

  /** The steps of record {@code key}, at their wall-clock times. */
  void schedule(String key, List<S> steps) {
    if (steps.isEmpty()) {
      return;
    }
    pending.put(key, new ArrayDeque<>(steps));
    due.add(new Due(at.apply(steps.get(0)).toEpochMilli(), key));
  }

  long taken() {
    return taken;
  }

  long dropped() {
    return dropped;
  }

  /** Steps still to take. */
  long waiting() {
    return pending.values().stream().mapToLong(Deque::size).sum();
  }

  private void pump() {
    long now = clock.millis();
    while (inFlight < IN_FLIGHT && !due.isEmpty() && due.peek().atMillis() <= now) {
      String key = due.poll().key();
      Deque<S> steps = pending.get(key);
      if (steps == null || steps.isEmpty()) {
        continue;
      }
      inFlight++;
      taker
          .take(key, steps.peek())
          .onComplete(
              ar -> {
                inFlight--;
                after(key, ar.succeeded() ? ar.result() : 503);
              });
    }
  }

  /** What the answer to a step means for the record's next one. */
  private void after(String key, int status) {
    Deque<S> steps = pending.get(key);
    if (steps == null) {
      return;
    }
    long now = clock.millis();
    if (status >= 200 && status < 300) {
      taken++;
      steps.poll();
      notFound.remove(key);
      if (steps.isEmpty()) {
        pending.remove(key);
      } else {
        // a record just created is indexed a moment later: its next step waits a tick at least
        due.add(new Due(Math.max(now + TICK_MS, at.apply(steps.peek()).toEpochMilli()), key));
      }
    } else if (status == 404 && notFound.merge(key, 1, Integer::sum) <= MAX_NOT_FOUND) {
      due.add(new Due(now + ApiSession.RETRY_MS, key)); // not indexed yet
    } else if (status >= 500) {
      due.add(new Due(now + ApiSession.RETRY_MS, key));
    } else {
      dropped += steps.size();
      pending.remove(key);
      notFound.remove(key);
    }
  }
}
