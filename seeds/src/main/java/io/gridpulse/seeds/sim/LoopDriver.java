package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Takes the closed loop's steps live, as the district's desks would: each sent event's plan ({@link
 * LoopPlan}) is scheduled at its times (mapped to the wall clock), and each step is posted to
 * {@code POST /api/v1/events/{id}/transitions} signed in as the demo account that takes it. The
 * steps of one event go one after another ({@link StepRunner}). Used from one Vert.x context.
 */
final class LoopDriver {
  private final ApiSession api;
  private final LoopPlan plans;
  private final StepRunner<LoopPlan.Step> steps;

  LoopDriver(Vertx vertx, URI base, String password, Clock clock, LoopPlan plans) {
    this.api = new ApiSession(vertx, base, password);
    this.plans = plans;
    this.steps = new StepRunner<>(vertx, clock, LoopPlan.Step::at, this::take);
  }

  void start() {
    steps.start();
  }

  /** Schedules the loop of {@code event}; {@code toWall} maps its simulated times to real ones. */
  void schedule(SimEvent event, UnaryOperator<Instant> toWall) {
    List<LoopPlan.Step> planned = new ArrayList<>();
    for (LoopPlan.Step step : plans.plan(event)) {
      planned.add(
          new LoopPlan.Step(
              step.action(), toWall.apply(step.at()), step.by(), step.user(), step.fields()));
    }
    steps.schedule(event.id(), planned);
  }

  long taken() {
    return steps.taken();
  }

  long dropped() {
    return steps.dropped();
  }

  /** Steps still to take (of events whose loops are not finished). */
  long waiting() {
    return steps.waiting();
  }

  /** Posts one step as its user; the HTTP status. */
  private Future<Integer> take(String id, LoopPlan.Step step) {
    return api.post(step.user(), "/api/v1/events/" + id + "/transitions", step.request())
        .map(ApiSession.Answer::status);
  }

  Future<Void> stop() {
    steps.stop();
    return api.close();
  }
}
