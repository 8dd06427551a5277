package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.UnaryOperator;

/**
 * Runs the mediation centre live through the public HTTP API only, as its people would: the plans
 * of {@link MediationPlan} — dispute events converted ({@code POST /api/v1/events/{id}/mediation}),
 * walk-in, hotline and court cases registered ({@code POST /api/v1/mediation/cases}, with a client
 * id so a retry is the same case), then each case's steps ({@code POST
 * /api/v1/mediation/cases/{id}/transitions}) — at their times mapped to the wall clock, signed in
 * as the demo accounts. The steps of one case go one after another; one not indexed yet is tried
 * again shortly; one refused is left to the people. Used from one Vert.x context.
 */
final class MediationDriver {
  static final long TICK_MS = 500;
  static final int MAX_NOT_FOUND = 20;

  private record Due(long atMillis, String key) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  private final Vertx vertx;
  private final ApiSession api;
  private final Clock clock;
  private final MediationPlan plans;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private final Map<String, Deque<MediationPlan.Step>> pending = new HashMap<>();
  private final Map<String, String> caseIds = new HashMap<>();
  private final Map<String, Integer> notFound = new HashMap<>();
  private Instant nextHour;
  private long timer = -1;
  private int inFlight;
  private long registered;
  private long taken;
  private long dropped;

  MediationDriver(Vertx vertx, URI base, String password, Clock clock, MediationPlan plans) {
    this.vertx = vertx;
    this.api = new ApiSession(vertx, base, password);
    this.clock = clock;
    this.plans = plans;
  }

  void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> pump());
  }

  /** Plans the case of a sent event (a dispute the centre takes up). */
  void schedule(SimEvent event, UnaryOperator<Instant> toWall) {
    plans.forEvent(event).ifPresent(c -> schedule(c, toWall));
  }

  /**
   * Plans the cases that arrive by themselves (walk-in, hotline, court) in every simulated hour
   * that has begun before {@code position}.
   */
  void advanceTo(Instant position, UnaryOperator<Instant> toWall) {
    if (nextHour == null) {
      nextHour = position.truncatedTo(ChronoUnit.HOURS);
    }
    while (!nextHour.isAfter(position)) {
      plans.arriving(nextHour).forEach(c -> schedule(c, toWall));
      nextHour = nextHour.plus(1, ChronoUnit.HOURS);
    }
  }

  private void schedule(MediationPlan.Case c, UnaryOperator<Instant> toWall) {
    if (pending.containsKey(c.key()) || caseIds.containsKey(c.key())) {
      return;
    }
    Deque<MediationPlan.Step> steps = new ArrayDeque<>();
    c.steps().forEach(s -> steps.add(s.at(toWall.apply(s.at()))));
    pending.put(c.key(), steps);
    due.add(new Due(steps.peek().at().toEpochMilli(), c.key()));
  }

  /** Cases registered or converted so far. */
  long registered() {
    return registered;
  }

  /** Steps taken so far (registrations included). */
  long taken() {
    return taken;
  }

  long dropped() {
    return dropped;
  }

  long waiting() {
    return pending.values().stream().mapToLong(Deque::size).sum();
  }

  private void pump() {
    long now = clock.millis();
    while (inFlight < 8 && !due.isEmpty() && due.peek().atMillis() <= now) {
      String key = due.poll().key();
      Deque<MediationPlan.Step> steps = pending.get(key);
      if (steps == null || steps.isEmpty()) {
        continue;
      }
      inFlight++;
      MediationPlan.Step step = steps.peek();
      take(key, step)
          .onComplete(
              ar -> {
                inFlight--;
                after(key, ar.succeeded() ? ar.result() : new ApiSession.Answer(503, null));
              });
    }
  }

  private Future<ApiSession.Answer> take(String key, MediationPlan.Step step) {
    return switch (step.action()) {
      case "convert" ->
          api.post(step.user(), "/api/v1/events/" + key + "/mediation", step.fields());
      case "register" -> api.post(step.user(), "/api/v1/mediation/cases", step.fields());
      default ->
          api.post(
              step.user(),
              "/api/v1/mediation/cases/" + caseIds.get(key) + "/transitions",
              step.fields().copy().put("action", step.action()));
    };
  }

  private void after(String key, ApiSession.Answer answer) {
    Deque<MediationPlan.Step> steps = pending.get(key);
    if (steps == null) {
      return;
    }
    long now = clock.millis();
    int status = answer.status();
    if (status == 200 || status == 202) {
      if (status == 202) {
        registered++;
        caseIds.put(key, answer.json().getString("id"));
      }
      taken++;
      steps.poll();
      notFound.remove(key);
      if (steps.isEmpty()) {
        pending.remove(key);
      } else {
        // a registered case is indexed a moment later: its first step waits for it
        due.add(new Due(Math.max(now + TICK_MS, steps.peek().at().toEpochMilli()), key));
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

  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return api.close();
  }
}
