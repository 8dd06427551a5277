package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.projects.ProjectRecords;
import io.gridpulse.seeds.Project;
import io.gridpulse.seeds.sim.Domains;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.seeds.sim.ProjectSteps;
import io.gridpulse.seeds.sim.Simulation;
import io.gridpulse.seeds.sim.Simulator;
import io.gridpulse.seeds.sim.SimulatorOptions;
import io.gridpulse.server.identity.DemoAccounts;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator drives the key projects through the API, as the demo accounts")
class ProjectsDriverIT {
  static final String PASSWORD = "projects-demo";

  @Test
  @DisplayName("at a simulated day a second, every seeded project reports and none is refused")
  void simulatorDrivesTheProjects() throws Exception {
    // a Redis and an Elasticsearch of its own: the driver changes the seeded projects
    try (OwnStack own = OwnStack.create("projects-driver")) {
      LocalStack stack = own.start();
      try (TestServer server =
          TestServer.start(
              stack.redis().url(),
              stack.elasticsearch().url(),
              "projects-driver-" + TestServer.newId())) {
        server.await(
            DemoAccounts.ensure(server.app.identity().users(), PASSWORD, TestServer.DISTRICT));
        SimulatorOptions options =
            SimulatorOptions.defaults()
                .withEndpoint(Endpoint.of(server.url(), TestServer.KEY).withPassword(PASSWORD))
                .withRate(5)
                .withSpeed(86_400)
                .withDuration(Duration.ofSeconds(45))
                .withDomains(Set.of(Domains.PROJECTS));
        Simulation simulation =
            server.await(
                Simulator.start(server.client, TestServer.DISTRICT, options, System.out::println));
        server.await(simulation.completion());
        ProjectSteps steps = simulation.projectSteps();
        // the first report of each of the 40 falls within the first 30 simulated days (30 s)
        assertThat(steps.reports()).isGreaterThanOrEqualTo(TestServer.DISTRICT.projects().size());
        assertThat(steps.raised()).isPositive();
        assertThat(steps.refused()).as("every step is one the lifecycle allows").isZero();
        for (Project p : TestServer.DISTRICT.projects()) {
          if ("completed".equals(ProjectRecords.fromSeed(p).getString("state"))) {
            continue; // completed before the simulation: nothing to report
          }
          JsonObject read = server.getAs("duty", "/api/v1/projects/" + p.code()).bodyAsJsonObject();
          assertThat(read.getJsonArray("reports").size())
              .as("%s: the baseline and the driver's reports (driver: %s)", p.code(), steps)
              .isGreaterThanOrEqualTo(2);
          assertThat(read.getJsonArray("reports").getJsonObject(1).getString("by"))
              .isEqualTo("project-" + p.leadDepartment());
        }
        JsonObject summary = server.getAs("leader", "/api/v1/projects/summary").bodyAsJsonObject();
        assertThat(summary.getInteger("projects")).isEqualTo(TestServer.DISTRICT.projects().size());
        assertThat(summary.getInteger("openProblems")).isLessThanOrEqualTo((int) steps.raised());
      }
    }
  }
}
