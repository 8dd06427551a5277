package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.server.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A short run of the live load tool, to check that it works and reports (not its timings). */
@DisplayName("The live load tool, a smoke run")
class LiveBenchIT {

  @Test
  @DisplayName("opens dashboards, posts events, and reports what the dashboards saw")
  void smoke() throws Exception {
    LocalStack stack = LocalServices.shared();
    try (TestServer server = TestServer.start(stack.redis().url(), stack.elasticsearch().url())) {
      server.token("leader"); // creates it-leader with the test password
      LiveBench bench = new LiveBench();
      int code =
          new CommandLine(bench)
              .execute(
                  "--url",
                  server.url().replaceAll("/$", ""),
                  "--key",
                  TestServer.KEY,
                  "--user",
                  "it-leader",
                  "--password",
                  TestServer.PASSWORD,
                  "--clients",
                  "20",
                  "--rate",
                  "50",
                  "--warmup",
                  "3",
                  "--duration",
                  "5",
                  "--es",
                  stack.elasticsearch().url(),
                  // the server runs in this JVM, beside the tool
                  "--server-pid",
                  Long.toString(ProcessHandle.current().pid()));
      assertThat(code).isZero();
      JsonObject result = bench.result;
      assertThat(result.getLong("deliveries"))
          .as("events reached the dashboards: %s", result.encode())
          .isPositive();
      assertThat(result.getLong("gaps")).isZero();
      assertThat(result.getDouble("p99Ms")).isPositive();
      assertThat(result.getLong("freshEvents")).as("events timed onto the overview").isPositive();
      assertThat(result.getDouble("framesPerSecond")).isPositive();
      // the server's own share, read from its histogram, is part of what the clients saw
      assertThat(result.getLong("serverPushEvents")).as("events the server timed").isPositive();
      assertThat(result.getDouble("serverPushP50Ms")).isPositive();
      // and the part of it until the change notice reached the hub (its own histogram)
      assertThat(result.getDouble("serverNoticeP50Ms")).isPositive();
      assertThat(result.getDouble("heapMaxBytes")).isPositive();
      // where the CPU went in the window
      assertThat(result.getDouble("serverCpuSeconds")).isPositive();
      assertThat(result.getDouble("toolCpuSeconds")).isPositive();
      assertThat(result.getDouble("machineBusy")).isBetween(0.0, 1.0).isPositive();
      // and how long the collectors stopped each JVM: the server runs in this JVM, so its pauses
      // (from its /metrics) are the tool's own (from the MX beans), give or take a collection
      // between the two readings
      assertThat(result.getLong("toolGcPauses")).isNotNegative();
      assertThat(result.getLong("serverGcPauses"))
          .isBetween(result.getLong("toolGcPauses") - 2, result.getLong("toolGcPauses") + 2);
      assertThat(result.getLong("esGcPauses")).isNotNegative();
      assertThat(result.getDouble("esGcPauseMs")).isNotNegative();
    }
  }
}
