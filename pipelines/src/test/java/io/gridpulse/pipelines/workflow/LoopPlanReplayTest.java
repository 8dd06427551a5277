package io.gridpulse.pipelines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.seeds.sim.EventGenerator;
import io.gridpulse.seeds.sim.GeneratorConfig;
import io.gridpulse.seeds.sim.LoopPlan;
import io.gridpulse.seeds.sim.SimEvent;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's plans of the closed loop (seeds' {@link LoopPlan}) replayed through the real
 * {@link Loop}: every planned step is one the loop allows, by the role that takes it, in order, and
 * the loops come out as the district's rhythm says.
 */
class LoopPlanReplayTest {
  static final Instant FROM = Instant.parse("2025-09-20T00:00:00Z");
  static final Instant NOW = FROM.plus(Duration.ofDays(60));

  @Test
  void everyPlannedLoopIsOneTheLoopAllows() {
    EventGenerator generator = new EventGenerator(LoopTest.DISTRICT, GeneratorConfig.defaults());
    LoopPlan plans = new LoopPlan(LoopTest.DISTRICT, 7);
    EventIntake intake =
        new EventIntake(
            Clock.fixed(NOW, ZoneOffset.UTC), LoopTest.DISTRICT, new History(LoopTest.LOOP));
    List<SimEvent> events = generator.generate(FROM, FROM.plus(Duration.ofDays(3)));
    assertThat(events).hasSizeGreaterThan(3000);
    int closed = 0;
    int late = 0;
    int reopened = 0;
    int returned = 0;
    int handled = 0;
    for (SimEvent event : events) {
      List<LoopPlan.Step> steps = plans.plan(event);
      assertThat(plans.plan(event)).as("the same plan every time").isEqualTo(steps);
      EventIntake.Result result = intake.accept(event.withHistory(steps).toJson(), "", true);
      assertThat(result.errors()).as("%s: %s", event.id(), steps).isEmpty();
      JsonObject doc = new JsonObject(result.entry().json());
      closed += "closed".equals(doc.getString("status")) ? 1 : 0;
      late += Boolean.FALSE.equals(doc.getBoolean("resolvedOnTime")) ? 1 : 0;
      reopened += doc.getInteger("reopens", 0) > 0 ? 1 : 0;
      returned += doc.getInteger("returns", 0) > 0 ? 1 : 0;
      handled += steps.stream().anyMatch(s -> s.action().equals("handle")) ? 1 : 0;
    }
    int n = events.size();
    assertThat(closed).as("every loop closes within 60 days").isEqualTo(n);
    assertThat(late / (double) n).as("late share").isBetween(0.06, 0.25);
    assertThat(reopened / (double) n).as("reopened share").isBetween(0.03, 0.10);
    assertThat(returned / (double) n).as("returned share").isBetween(0.01, 0.08);
    assertThat(handled / (double) n).as("handled in the grid or town").isBetween(0.2, 0.6);
  }
}
