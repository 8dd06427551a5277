package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.seeds.sim.Domains;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.seeds.sim.Simulation;
import io.gridpulse.seeds.sim.Simulator;
import io.gridpulse.seeds.sim.SimulatorOptions;
import io.gridpulse.server.identity.DemoAccounts;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator takes the closed loop's steps live, as the demo accounts")
class LiveLoopIT {
  static final String PASSWORD = "live-loop-demo";

  @Test
  @DisplayName(
      "at ten minutes a second, the planned steps are taken through the API and none refused")
  void simulatorDrivesTheLoop() throws Exception {
    // a Redis and an Elasticsearch of its own: the simulated district dispatches to every
    // department and creates the demo accounts, which other tests' exact figures must not see
    try (OwnStack own = OwnStack.create("live-loop")) {
      LocalStack stack = own.start();
      try (TestServer server =
          TestServer.start(
              stack.redis().url(),
              stack.elasticsearch().url(),
              "live-loop-" + TestServer.newId())) {
        server.await(
            DemoAccounts.ensure(server.app.identity().users(), PASSWORD, TestServer.DISTRICT));
        SimulatorOptions options =
            SimulatorOptions.defaults()
                .withEndpoint(Endpoint.of(server.url(), TestServer.KEY).withPassword(PASSWORD))
                .withRate(400)
                .withSpeed(600)
                .withDuration(Duration.ofSeconds(30))
                // the district's working morning, whatever the hour the test runs at: started at
                // "now", a run at 21:51 district time simulated the night (9 events, 13 steps)
                .withStart(
                    java.time.ZonedDateTime.now(MonthlyIndex.DISTRICT_ZONE)
                        .minusDays(1)
                        .toLocalDate()
                        .atTime(8, 0)
                        .atZone(MonthlyIndex.DISTRICT_ZONE)
                        .toInstant())
                .withDomains(Set.of(Domains.EVENTS, Domains.LOOP));
        Simulation simulation =
            server.await(
                Simulator.start(server.client, TestServer.DISTRICT, options, System.out::println));
        server.await(simulation.completion());
        long taken = simulation.loopStepsTaken();
        // 5 simulated morning hours of 400 events a day: ≈ 80 events, each triaged within the hour,
        // most
        // dispatched within the next, many signed within the next four
        assertThat(taken).isGreaterThan(40);
        String metrics = server.await(server.http.get("/metrics").send()).bodyAsString();
        assertThat(sum(metrics, "outcome=\"taken\"")).isGreaterThanOrEqualTo(taken);
        assertThat(sum(metrics, "outcome=\"refused-"))
            .as("every planned step is one the loop allows")
            .isZero();
      }
    }
  }

  /** The sum of gridpulse_workflow_steps_total lines whose labels contain {@code label}. */
  static double sum(String metrics, String label) {
    double total = 0;
    Matcher m =
        Pattern.compile("(?m)^gridpulse_workflow_steps_total\\{([^}]*)} ([0-9.eE+]+)$")
            .matcher(metrics);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
