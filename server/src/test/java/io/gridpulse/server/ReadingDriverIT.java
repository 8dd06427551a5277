package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.sim.Domains;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.seeds.sim.ReadingModel;
import io.gridpulse.seeds.sim.Rhythm;
import io.gridpulse.seeds.sim.Simulation;
import io.gridpulse.seeds.sim.Simulator;
import io.gridpulse.seeds.sim.SimulatorOptions;
import io.gridpulse.server.identity.NewUser;
import io.gridpulse.server.identity.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The simulator's reading driver against a running server, through the public API only: at an hour
 * of simulated time a second, the rows it sends are accepted, indexed once each and rolled up; the
 * volunteer's QR code of the window is placed and listed.
 */
@DisplayName("The reading driver: rows and new QR codes through the public API")
class ReadingDriverIT {
  static final double SPEED = 3600;
  static final Duration RUN = Duration.ofSeconds(12);

  @Test
  @DisplayName("its rows are indexed once each and counted in the summary; its QR code is placed")
  void driverThroughTheApi() throws Exception {
    LocalStack stack = LocalServices.shared();
    try (TestServer server =
        TestServer.start(
            stack.redis().url(),
            stack.elasticsearch().url(),
            "reading-driver-" + TestServer.newId(),
            java.time.Clock.systemUTC(),
            new JsonObject().put("GRIDPULSE_READING_ROLLUP_MILLIS", 0))) {
      // the volunteers the driver signs in as (the demo's reading-<town code>)
      for (Town t : TestServer.DISTRICT.towns()) {
        server.await(
            server
                .app()
                .identity()
                .users()
                .create(
                    new NewUser(
                        "reading-" + t.code(), t.name(), Set.of(Role.READING), null, t.code()),
                    TestServer.PASSWORD)
                .<Void>mapEmpty()
                .recover(e -> Future.succeededFuture()));
      }
      // a seed whose window (this morning, 08:00 district time, for 12 simulated hours) holds a
      // volunteer's new QR code
      LocalDate today = LocalDate.now(Rhythm.ZONE).minusDays(1);
      Instant start = today.atTime(8, 0).atZone(Rhythm.ZONE).toInstant();
      Instant end = start.plus(Duration.ofSeconds((long) (RUN.toSeconds() * SPEED)));
      long seed = 1;
      ReadingModel.NewPlacement expected = null;
      for (; expected == null; seed++) {
        expected =
            new ReadingModel(TestServer.DISTRICT, seed)
                .placements(today).stream()
                    .filter(
                        p ->
                            p.at().isAfter(start)
                                && p.at().isBefore(end.minus(1, ChronoUnit.HOURS)))
                    .findFirst()
                    .orElse(null);
      }
      long used = seed - 1;
      SimulatorOptions options =
          SimulatorOptions.defaults()
              .withEndpoint(
                  Endpoint.of(server.url(), TestServer.KEY).withPassword(TestServer.PASSWORD))
              .withSeed(used)
              .withRate(100)
              .withSpeed(SPEED)
              .withStart(start)
              .withDuration(RUN)
              .withDomains(Set.of(Domains.READING));
      Simulation simulation =
          server.await(
              Simulator.start(server.client, TestServer.DISTRICT, options, System.out::println));
      server.await(simulation.completion());
      long accepted = simulation.readingRowsAccepted();
      assertThat(accepted).as("rows accepted in 12 simulated hours").isGreaterThan(2_000);
      assertThat(simulation.readingPlacements()).isGreaterThanOrEqualTo(1);
      assertThat(simulation.counts().events()).as("no grid event: domain reading alone").isZero();

      // the QR code is placed by the town's volunteer and listed
      JsonObject listed =
          server
              .getAs("leader", "/api/v1/reading/placements?code=" + expected.code())
              .bodyAsJsonObject();
      assertThat(listed.getLong("total")).isEqualTo(1);
      assertThat(listed.getJsonArray("placements").getJsonObject(0).getString("volunteer"))
          .isEqualTo("reading-" + expected.village().townCode());

      // every accepted row indexed once (a batch whose answer was lost and that was sent again
      // is answered as duplicates; one lost at the stop may be in without the driver knowing),
      // and rolled up: the summary's scans are exactly the scan rows indexed
      String prefix = "rd" + used + "-";
      String es = stack.elasticsearch().url();
      long fresh = accepted - simulation.readingRowsDuplicate();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(server, es, "{\"prefix\":{\"id\":\"" + prefix + "\"}}") >= fresh);
      assertThat(count(server, es, "{\"prefix\":{\"id\":\"" + prefix + "\"}}"))
          .isLessThanOrEqualTo(fresh + 500);
      // every scan row of the summary's range, this run's and any other test's on the shared
      // stack (AccessMatrixIT posts one now)
      long scans =
          count(
              server,
              es,
              "{\"bool\":{\"filter\":[{\"term\":{\"kind\":\"scan\"}},{\"range\":{\"at\":"
                  + "{\"gte\":\""
                  + today.atStartOfDay(Rhythm.ZONE).toInstant()
                  + "\",\"lt\":\""
                  + today.plusDays(2).atStartOfDay(Rhythm.ZONE).toInstant()
                  + "\"}}}]}}");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                server.await(server.app().reading().drainNow());
                return server.await(server.app().reading().rollup().pending()) == 0;
              });
      // the rollups are searchable within their index's refresh interval (1 s); no waiting here
      server.await(
          server
              .http
              .postAbs(es + "/gridpulse-reading-hourly,gridpulse-reading-readers/_refresh")
              .send());
      HttpResponse<Buffer> summary =
          server.getAs(
              "leader",
              "/api/v1/reading/summary?scope=371502&from=" + today + "&to=" + today.plusDays(1));
      assertThat(summary.bodyAsJsonObject().getLong("scans")).isEqualTo(scans);
    }
  }

  static long count(TestServer server, String es, String query) throws Exception {
    server.await(server.http.postAbs(es + "/gridpulse-reading-activity/_refresh").send());
    return server
        .await(
            server
                .http
                .postAbs(es + "/gridpulse-reading-activity/_count")
                .sendJsonObject(new JsonObject().put("query", new JsonObject(query))))
        .bodyAsJsonObject()
        .getLong("count");
  }
}
