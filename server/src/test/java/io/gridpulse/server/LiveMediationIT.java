package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.sim.Domains;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.seeds.sim.Simulation;
import io.gridpulse.seeds.sim.Simulator;
import io.gridpulse.seeds.sim.SimulatorOptions;
import io.gridpulse.server.identity.DemoAccounts;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator runs the mediation centre live, through the API, as the demo accounts")
class LiveMediationIT {
  static final String PASSWORD = "live-mediation-demo";

  @Test
  @DisplayName(
      "at an hour a second, cases are registered and converted and their steps taken, none refused")
  void simulatorDrivesMediation() throws Exception {
    // a Redis and an Elasticsearch of its own: the simulated cases and demo accounts must not
    // reach other tests' exact figures
    try (OwnStack own = OwnStack.create("live-mediation")) {
      LocalStack stack = own.start();
      try (TestServer server =
          TestServer.start(
              stack.redis().url(),
              stack.elasticsearch().url(),
              "live-mediation-" + TestServer.newId())) {
        server.await(
            DemoAccounts.ensure(server.app.identity().users(), PASSWORD, TestServer.DISTRICT));
        SimulatorOptions options =
            SimulatorOptions.defaults()
                .withEndpoint(Endpoint.of(server.url(), TestServer.KEY).withPassword(PASSWORD))
                .withRate(400)
                .withSpeed(3600)
                .withDuration(Duration.ofSeconds(40))
                .withDomains(Set.of(Domains.EVENTS, Domains.MEDIATION));
        Simulation simulation =
            server.await(
                Simulator.start(server.client, TestServer.DISTRICT, options, System.out::println));
        server.await(simulation.completion());
        long cases = simulation.mediationCases();
        long steps = simulation.mediationStepsTaken();
        // 40 simulated hours: about 23 walk-in, hotline and court cases and the disputes among
        // 670 events, most of them assigned within the day, many in session on the next
        assertThat(cases).isGreaterThan(10);
        assertThat(steps).isGreaterThan(cases + 5);
        assertThat(simulation.mediationStepsDropped()).as("no planned step refused").isZero();
        String duty = server.token("duty");
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  server.refresh("gridpulse-mediation");
                  JsonObject listed =
                      server
                          .await(
                              server
                                  .http
                                  .get("/api/v1/mediation/cases?size=1")
                                  .bearerTokenAuthentication(duty)
                                  .send())
                          .bodyAsJsonObject();
                  assertThat(listed.getLong("total")).isEqualTo(cases);
                });
        JsonObject converted =
            server
                .await(
                    server
                        .http
                        .get("/api/v1/mediation/cases?size=1&source=grid-event")
                        .bearerTokenAuthentication(server.token("duty"))
                        .send())
                .bodyAsJsonObject();
        assertThat(converted.getLong("total")).as("disputes converted").isPositive();
        String metrics = server.await(server.http.get("/metrics").send()).bodyAsString();
        assertThat(LiveLoopIT.sum(metrics, "domain=\"mediation\""))
            .isGreaterThanOrEqualTo(steps - cases);
        assertThat(LiveLoopIT.sum(metrics, "outcome=\"refused-")).isZero();
      }
    }
  }
}
