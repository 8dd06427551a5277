package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.UnaryOperator;

/**
 * Takes the closed loop's steps live, as the district's desks would: each sent event's plan ({@link
 * LoopPlan}) is scheduled at its times (mapped to the wall clock), and each step is posted to
 * {@code POST /api/v1/events/{id}/transitions} signed in as the demo account that takes it. The
 * steps of one event go one after another; an event not indexed yet is tried again shortly; one
 * whose step is refused (someone acted on it in between) is left to the people. Used from one
 * Vert.x context.
 */
final class LoopDriver {
  static final long TICK_MS = 500;
  static final int MAX_NOT_FOUND = 20;
  static final long RETRY_MS = 2_000;

  private record Due(long atMillis, String eventId) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  private final Vertx vertx;
  private final SignedIn api;
  private final Clock clock;
  private final LoopPlan plans;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private final Map<String, Deque<LoopPlan.Step>> pending = new HashMap<>();
  private final Map<String, Integer> notFound = new HashMap<>();
  private long timer = -1;
  private int inFlight;
  private long taken;
  private long dropped;

  LoopDriver(Vertx vertx, URI base, String password, Clock clock, LoopPlan plans) {
    this.vertx = vertx;
    this.api = new SignedIn(vertx, base, password);
    this.clock = clock;
    this.plans = plans;
  }

  void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> pump());
  }

  /** Schedules the loop of {@code event}; {@code toWall} maps its simulated times to real ones. */
  void schedule(SimEvent event, UnaryOperator<Instant> toWall) {
    Deque<LoopPlan.Step> steps = new ArrayDeque<>();
    for (LoopPlan.Step step : plans.plan(event)) {
      steps.add(
          new LoopPlan.Step(
              step.action(), toWall.apply(step.at()), step.by(), step.user(), step.fields()));
    }
    if (!steps.isEmpty()) {
      pending.put(event.id(), steps);
      due.add(new Due(steps.peek().at().toEpochMilli(), event.id()));
    }
  }

  long taken() {
    return taken;
  }

  long dropped() {
    return dropped;
  }

  /** Steps still to take (of events whose loops are not finished). */
  long waiting() {
    return pending.values().stream().mapToLong(Deque::size).sum();
  }

  private void pump() {
    long now = clock.millis();
    while (inFlight < 8 && !due.isEmpty() && due.peek().atMillis() <= now) {
      String id = due.poll().eventId();
      Deque<LoopPlan.Step> steps = pending.get(id);
      if (steps == null || steps.isEmpty()) {
        continue;
      }
      inFlight++;
      take(id, steps.peek())
          .onComplete(
              ar -> {
                inFlight--;
                after(id, ar.succeeded() ? ar.result() : 503);
              });
    }
  }

  /** What the answer to a step means for the event's next one. */
  private void after(String id, int status) {
    Deque<LoopPlan.Step> steps = pending.get(id);
    if (steps == null) {
      return;
    }
    long now = clock.millis();
    if (status == 200) {
      taken++;
      steps.poll();
      notFound.remove(id);
      if (steps.isEmpty()) {
        pending.remove(id);
      } else {
        due.add(new Due(Math.max(now, steps.peek().at().toEpochMilli()), id));
      }
    } else if (status == 404 && notFound.merge(id, 1, Integer::sum) <= MAX_NOT_FOUND) {
      due.add(new Due(now + RETRY_MS, id)); // not indexed yet
    } else if (status >= 500) {
      due.add(new Due(now + RETRY_MS, id));
    } else {
      // refused (someone acted on it meanwhile) or never indexed: the people have it
      dropped += steps.size();
      pending.remove(id);
      notFound.remove(id);
    }
  }

  /** Posts one step as its user; the HTTP status (401 once: signs in again and retries). */
  private Future<Integer> take(String id, LoopPlan.Step step) {
    return api.post(step.user(), "/api/v1/events/" + id + "/transitions", step.request())
        .map(SignedIn.Answer::status);
  }

  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return api.close();
  }
}
