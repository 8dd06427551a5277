package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  @Test
  void theServersPausesAreEveryLabelOfItsPauseTimer() {
    String metrics =
        String.join(
            "\n",
            "# HELP jvm_gc_pause_seconds Time spent in GC pause",
            "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"G1 Evacuation"
                + " Pause\",gc=\"G1 Young Generation\"} 149",
            "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"G1 Evacuation"
                + " Pause\",gc=\"G1 Young Generation\"} 3.178",
            "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"G1 Humongous"
                + " Allocation\",gc=\"G1 Young Generation\"} 2",
            "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"G1 Humongous"
                + " Allocation\",gc=\"G1 Young Generation\"} 0.029",
            "jvm_gc_pause_seconds_max{action=\"end of minor GC\",cause=\"G1 Evacuation"
                + " Pause\",gc=\"G1 Young Generation\"} 0.078",
            "jvm_gc_concurrent_phase_time_seconds_sum{action=\"end of concurrent GC pause\"} 9.5",
            "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.2E8");

    GcPauses pauses = GcPauses.scrape(metrics);

    assertThat(pauses.count()).isEqualTo(151);
    assertThat(pauses.millis()).isCloseTo(3207, within(0.001));
    assertThat(GcPauses.scrape("")).isEqualTo(GcPauses.NONE);
  }

  @Test
  void elasticsearchsPausesAreEveryCollectorOfEveryNode() {
    JsonObject collectors =
        new JsonObject()
            .put(
                "young",
                new JsonObject().put("collection_count", 70).put("collection_time_in_millis", 1234))
            .put(
                "old",
                new JsonObject().put("collection_count", 1).put("collection_time_in_millis", 56));
    JsonObject stats =
        new JsonObject()
            .put(
                "nodes",
                new JsonObject()
                    .put(
                        "a",
                        new JsonObject()
                            .put(
                                "jvm",
                                new JsonObject()
                                    .put("gc", new JsonObject().put("collectors", collectors))))
                    .put("b", new JsonObject()));

    assertThat(GcPauses.elasticsearch(stats)).isEqualTo(new GcPauses(71, 1290));
  }

  @Test
  void thisJvmsPausesCountACollection() {
    GcPauses before = GcPauses.own();
    System.gc();
    GcPauses after = GcPauses.own().since(before);

    assertThat(after.count()).isPositive();
    assertThat(after.millis()).isNotNegative();
    assertThat(new GcPauses(10, 250).since(new GcPauses(4, 100))).isEqualTo(new GcPauses(6, 150));
  }
}
