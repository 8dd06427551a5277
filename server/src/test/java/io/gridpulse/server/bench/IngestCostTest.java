package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestCostTest {

  static JsonObject round(Double es, double server, double redis, double load) {
    return new JsonObject()
        .put("elasticsearchPerIndexed", es)
        .put("serverPerStage", server)
        .put("redisPerStage", redis)
        .put("loadGeneratorPerAccepted", load);
  }

  @Test
  void anEventCostsIndexingBothStagesAndItsLoad() {
    // 100 + 2 × 50 + 2 × 15 + 10 = 240 µs an event: two cores allow 8,333 a second
    assertThat(IngestBench.affordable(List.of(round(100.0, 50, 15, 10)), 2))
        .isCloseTo(8333.3, within(0.1));
  }

  @Test
  void theMediansOfTheRoundsCount() {
    List<JsonObject> rounds =
        List.of(round(300.0, 90, 20, 9), round(100.0, 50, 15, 10), round(110.0, 40, 10, 2));
    // Elasticsearch's median 110, the rest's median (2·40 + 2·10 + 2 = 102, 240 − 100 = 140,
    // 2·90 + 2·20 + 9 = 229) 140: 250 µs
    assertThat(IngestBench.affordable(rounds, 2)).isCloseTo(8000, within(0.1));
  }

  @Test
  void aRoundThatIndexedNothingSaysNothingOfTheCosts() {
    // a stalled window: Elasticsearch's cost a document is unknown, not free
    JsonObject stalled = round(null, 400, 30, 100);
    assertThat(IngestBench.measured(stalled)).isFalse();
    assertThat(IngestBench.affordable(List.of(stalled), 2)).isZero();
    assertThat(IngestBench.affordable(List.of(stalled, round(100.0, 50, 15, 10)), 2))
        .isCloseTo(8333.3, within(0.1));
  }

  @Test
  void aServerThatCostNothingLeavesElasticsearchAtItsCeilingCostRedisAndTheLoad() {
    List<JsonObject> rounds =
        List.of(round(300.0, 90, 20, 9), round(null, 50, 15, 10), round(110.0, 40, 10, 2));
    // the ceiling's Elasticsearch median 100 (a round without it left out); Redis and load from
    // the measured rounds only: 2·20 + 9 = 49 and 2·10 + 2 = 22, median 35.5: 135.5 µs an event
    assertThat(IngestBench.withoutServer(rounds, java.util.Arrays.asList(90.0, null, 110.0), 2))
        .isCloseTo(2e6 / 135.5, within(0.1));
    assertThat(IngestBench.withoutServer(List.of(round(null, 1, 1, 1)), List.of(90.0), 2)).isZero();
  }

  @Test
  void microsecondsAUnitAndNoneForNoWork() {
    assertThat(IngestBench.micros(1.5, 10_000)).isEqualTo(150.0);
    assertThat(IngestBench.micros(1.5, 0)).isNull();
  }
}
