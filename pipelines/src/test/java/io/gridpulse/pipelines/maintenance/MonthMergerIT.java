package io.gridpulse.pipelines.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch._types.Refresh;
import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Settled months merged to one segment, against the real Redis and Elasticsearch")
class MonthMergerIT {
  static final int SEGMENTS = 5;

  Vertx vertx;
  Context context;
  Redis redis;
  Elastic elastic;
  MonthlyIndex family;
  String keys;

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    LocalStack stack = LocalServices.shared();
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    redis = Redis.createClient(vertx, stack.redis().url());
    elastic = Elastic.connect(stack.elasticsearch().url());
    String id = UUID.randomUUID().toString().substring(0, 8);
    family = new MonthlyIndex("it-merge-" + id);
    keys = "it:merge:" + id;
    for (String month : List.of("2025.01", "2025.02", "2025.03")) {
      String index = family.alias() + "-" + month;
      elastic
          .client()
          .indices()
          .create(
              c ->
                  c.index(index)
                      .settings(
                          s ->
                              s.numberOfShards("1")
                                  .numberOfReplicas("0")
                                  .refreshInterval(t -> t.time("-1"))))
          .get(30, TimeUnit.SECONDS);
      // each document refreshed on its own: one segment each
      for (int i = 0; i < SEGMENTS; i++) {
        int n = i;
        elastic
            .client()
            .index(
                x ->
                    x.index(index)
                        .id(Integer.toString(n))
                        .document(Map.of("n", n))
                        .refresh(Refresh.True))
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(segments(index)).as(index).isEqualTo(SEGMENTS);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    elastic.client().indices().delete(d -> d.index(family.pattern())).get(30, TimeUnit.SECONDS);
    get(redis.send(Request.cmd(Command.DEL).arg(keys + ":merged").arg(keys + ":lock")));
    elastic.close();
    get(vertx.close());
  }

  int segments(String index) throws Exception {
    return elastic
        .client()
        .indices()
        .stats(s -> s.index(index).metric("segments"))
        .get(30, TimeUnit.SECONDS)
        .indices()
        .get(index)
        .primaries()
        .segments()
        .count();
  }

  MonthMerger merger(String holder) {
    return new MonthMerger(elastic, redis, List.of(family), holder, keys);
  }

  static Instant district(int year, int month, int day, int hour) {
    return ZonedDateTime.of(year, month, day, hour, 0, 0, 0, MonthlyIndex.DISTRICT_ZONE)
        .toInstant();
  }

  @Test
  @DisplayName(
      "a month is merged a week after it ended, once, one at a time; the current and the recent"
          + " months are left as they are; a second instance waits for the lease")
  void mergesSettledMonthsOnce() throws Exception {
    String january = family.alias() + "-2025.01";
    String february = family.alias() + "-2025.02";
    String march = family.alias() + "-2025.03";
    MonthMerger merger = merger("a");

    // 5 March: January settled (ended 32 days ago), February not (4 days)
    Instant march5 = district(2025, 3, 5, 9);
    MonthMerger.Step first = get(merger.step(context, march5)).orElseThrow();
    assertThat(first.started()).contains(january);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(segments(january)).isEqualTo(1));
    // recorded as merged by a later step, and never merged again
    MonthMerger.Step recorded = get(merger.step(context, march5)).orElseThrow();
    assertThat(recorded.merged()).containsExactly(january);
    assertThat(recorded.started()).isEmpty();
    MonthMerger.Step idle = get(merger.step(context, march5)).orElseThrow();
    assertThat(idle).isEqualTo(new MonthMerger.Step(Optional.empty(), List.of()));
    assertThat(segments(february)).isEqualTo(SEGMENTS);

    // another instance holding the lease: this one does nothing
    get(redis.send(Request.cmd(Command.SET).arg(keys + ":lock").arg("b")));
    assertThat(get(merger.step(context, district(2025, 3, 10, 9)))).isEmpty();
    get(redis.send(Request.cmd(Command.DEL).arg(keys + ":lock")));

    // 10 March: February settled too (started once January's merge task is over); March, the
    // current month, never
    List<String> started = new CopyOnWriteArrayList<>();
    List<String> merged = new CopyOnWriteArrayList<>();
    Instant march10 = district(2025, 3, 10, 9);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              MonthMerger.Step step = get(merger.step(context, march10)).orElseThrow();
              step.started().ifPresent(started::add);
              merged.addAll(step.merged());
              assertThat(merged).contains(february);
            });
    assertThat(started).containsExactly(february);
    assertThat(merged).containsExactly(february);
    assertThat(segments(february)).isEqualTo(1);
    assertThat(segments(march)).isEqualTo(SEGMENTS);
    assertThat(segments(january)).isEqualTo(1);
  }

  @Test
  @DisplayName("a month settles exactly a week after its last day ends, in district time")
  void settlesAWeekAfterTheMonthEnds() {
    List<String> names =
        List.of(
            "gridpulse-events-2025.02",
            "gridpulse-events-2025.03",
            "gridpulse-events-backup",
            "gridpulse-projects-2024.01",
            "gridpulse-reading-activity-2025.01");
    // February ends at 2025-03-01 00:00 in Liaocheng (2025-02-28 16:00 UTC)
    Instant settles = district(2025, 3, 8, 0);
    assertThat(MonthMerger.settled(MonthMerger.FAMILIES, names, settles.minusSeconds(1)))
        .containsExactly("gridpulse-reading-activity-2025.01");
    assertThat(MonthMerger.settled(MonthMerger.FAMILIES, names, settles))
        .containsExactly("gridpulse-events-2025.02", "gridpulse-reading-activity-2025.01");
  }
}
