package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A short run of {@code ./gridpulse bench ingest}: it starts its own Redis, Elasticsearch and
 * server, runs both arms, and reports. Only that it works is checked, never its timing.
 */
class IngestBenchIT {
  @Test
  @DisplayName("bench ingest runs both arms on its own services and writes its result and plots")
  void smoke(@TempDir Path out) throws Exception {
    int status =
        new CommandLine(new IngestBench())
            .execute(
                "--duration=3",
                "--warmup=1",
                "--rounds=1",
                "--ceiling-docs=2000",
                "--bulk-sizes=500",
                "--bulk-in-flight=2",
                "--intake-batch=50",
                "--intake-in-flight=4",
                "--latency-duration=2",
                "--fsync=always",
                "--fsync-duration=2",
                "--pool=500",
                "--out=" + out);

    assertThat(status).isZero();
    JsonObject result = new JsonObject(Files.readString(out.resolve("result.json")));
    JsonObject round = result.getJsonArray("rounds").getJsonObject(0);
    // the sweep sends --ceiling-docs; a round's ceiling lasts as long as the end-to-end arm
    assertThat(result.getJsonArray("ceilingSweep").getJsonObject(0).getLong("indexed"))
        .isEqualTo(2000L);
    JsonObject ceiling = round.getJsonObject("ceiling");
    assertThat(ceiling.getLong("indexed")).isEqualTo(ceiling.getLong("docs")).isPositive();
    assertThat(ceiling.getDouble("seconds")).isGreaterThanOrEqualTo(3.0);
    JsonObject endToEnd = round.getJsonObject("endToEnd");
    assertThat(endToEnd.getLong("accepted")).isPositive();
    assertThat(endToEnd.getLong("indexed")).isEqualTo(endToEnd.getLong("accepted"));
    assertThat(endToEnd.getJsonObject("latencyMs").getLong("requests")).isPositive();
    assertThat(endToEnd.getJsonObject("cpu").fieldNames())
        .contains("redis", "elasticsearch", "server");
    assertThat(endToEnd.getLong("serverRssMaxMB")).isPositive();
    // Timing is not checked: a 3 s window on a busy machine may index nothing at all (CI saw it
    // once), so the window's figures are checked against each other, not against zero.
    JsonObject summary = result.getJsonObject("summary");
    assertThat(summary.getDouble("endToEndMedian")).isEqualTo(endToEnd.getDouble("rate"));
    assertThat(summary.getDouble("ratio"))
        .isCloseTo(
            summary.getDouble("endToEndMedian") / summary.getDouble("ceilingMedian"),
            within(0.002));
    assertThat(endToEnd.getInteger("longestStallSeconds"))
        .isBetween(0, endToEnd.getJsonArray("samples").size());
    JsonObject costs = endToEnd.getJsonObject("cpuMicros");
    assertThat(costs.fieldNames())
        .containsExactlyInAnyOrder(
            "elasticsearchPerIndexed",
            "serverPerStage",
            "redisPerStage",
            "loadGeneratorPerAccepted");
    // a cost is null when its window did no such work (IngestCostTest checks the arithmetic)
    costs.forEach(
        cost -> {
          if (cost.getValue() != null) {
            assertThat(((Number) cost.getValue()).doubleValue()).as(cost.getKey()).isNotNegative();
          }
        });
    assertThat(summary.getDouble("affordableEventsPerSecond"))
        .isEqualTo(
            IngestBench.measured(costs)
                ? Math.round(IngestBench.affordable(List.of(costs), ProcStats.CPUS))
                : 0.0);
    assertThat(ceiling.getJsonObject("cpuMicros").getDouble("elasticsearchPerDoc")).isPositive();
    assertThat(summary.getDouble("serverFreeEventsPerSecond"))
        .isEqualTo(
            (double)
                Math.round(
                    IngestBench.withoutServer(
                        List.of(costs),
                        List.of(
                            ceiling.getJsonObject("cpuMicros").getDouble("elasticsearchPerDoc")),
                        ProcStats.CPUS)));
    assertThat(result.getJsonArray("fsync").getJsonObject(0).getString("appendfsync"))
        .isEqualTo("always");
    assertThat(Files.readString(out.resolve("throughput.svg"))).startsWith("<svg");
    assertThat(Files.readString(out.resolve("latency.svg"))).startsWith("<svg");
  }
}
