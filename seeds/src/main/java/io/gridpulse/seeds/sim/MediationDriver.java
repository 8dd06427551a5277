package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs the mediation centre live through the public HTTP API only, as its people would: the plans
 * of {@link MediationPlan} — dispute events converted ({@code POST /api/v1/events/{id}/mediation}),
 * walk-in, hotline and court cases registered ({@code POST /api/v1/mediation/cases}, with a client
 * id so a retry is the same case), then each case's steps ({@code POST
 * /api/v1/mediation/cases/{id}/transitions}) — at their times mapped to the wall clock, signed in
 * as the demo accounts, one case's steps one after another ({@link StepRunner}). Used from one
 * Vert.x context.
 */
final class MediationDriver {
  private final ApiSession api;
  private final MediationPlan plans;
  private final StepRunner<MediationPlan.Step> steps;
  private final Map<String, String> caseIds = new HashMap<>();
  private Instant nextHour;
  private long registered;

  MediationDriver(Vertx vertx, URI base, String password, Clock clock, MediationPlan plans) {
    this.api = new ApiSession(vertx, base, password);
    this.plans = plans;
    this.steps = new StepRunner<>(vertx, clock, MediationPlan.Step::at, this::take);
  }

  void start() {
    steps.start();
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
    if (!steps.has(c.key()) && !caseIds.containsKey(c.key())) {
      steps.schedule(c.key(), c.steps().stream().map(s -> s.at(toWall.apply(s.at()))).toList());
    }
  }

  /** Cases registered or converted so far. */
  long registered() {
    return registered;
  }

  /** Steps taken so far (registrations included). */
  long taken() {
    return steps.taken();
  }

  long dropped() {
    return steps.dropped();
  }

  long waiting() {
    return steps.waiting();
  }

  /** Registers or converts (remembering the case's id), or takes a step of the case. */
  private Future<Integer> take(String key, MediationPlan.Step step) {
    Future<ApiSession.Answer> answer =
        switch (step.action()) {
          case "convert" ->
              api.post(step.user(), "/api/v1/events/" + key + "/mediation", step.fields());
          case "register" -> api.post(step.user(), "/api/v1/mediation/cases", step.fields());
          default ->
              api.post(
                  step.user(),
                  "/api/v1/mediation/cases/" + caseIds.get(key) + "/transitions",
                  step.fields().copy().put("action", step.action()));
        };
    return answer.map(
        a -> {
          if (a.status() == 202) {
            registered++;
            caseIds.put(key, a.json().getString("id"));
          }
          return a.status();
        });
  }

  Future<Void> stop() {
    steps.stop();
    return api.close();
  }
}
