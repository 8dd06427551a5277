package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.server.config.Settings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Elasticsearch stopped mid-stream and restarted")
class MidStreamIT {
  private static final Logger LOG = LoggerFactory.getLogger(MidStreamIT.class);

  static final int BATCHES = 60;
  static final int EVENTS_PER_BATCH = 50;

  /** Elasticsearch is stopped once this many batches are sent, while the stream goes on… */
  static final int STOP_AFTER = 20;

  /** …which waits, before this batch, until it is down: the next batches are sent while it is… */
  static final int DOWN_BEFORE = 30;

  /** …and it is started again, the same node on the same data, once this many are sent. */
  static final int START_AFTER = 40;

  /** The stream's pace: a batch every so often (not a synchronisation). */
  static final long PACE_MILLIS = 100;

  /**
   * Past this backlog intake answers 503. More than the batches sent before {@link #DOWN_BEFORE},
   * so those sent while Elasticsearch is down are surely accepted at first; reached (if at all)
   * while it starts again.
   */
  static final int MAX_BACKLOG = (DOWN_BEFORE + 2) * EVENTS_PER_BATCH;

  static final Duration BOUND = Duration.ofMinutes(2);

  /** When (System.nanoTime) Elasticsearch was asked to stop, and when it was up again. */
  record Outage(long stopping, long back) {}

  /** Where Elasticsearch stands when a batch is sent. */
  enum Phase {
    UP,
    STOPPING,
    DOWN,
    STARTING,
    BACK
  }

  @Test
  @DisplayName(
      "every event accepted while Elasticsearch stops and starts again under a steady stream is"
          + " indexed exactly once, by the same server, which backs off and resumes by itself")
  void everyAcceptedEventIndexedExactlyOnce() throws Exception {
    try (OwnStack own = OwnStack.create("midstream")) {
      LocalStack stack = own.start();
      String esUrl = stack.elasticsearch().url();
      ExecutorService operator = Executors.newSingleThreadExecutor();
      try (TestServer server =
          TestServer.start(
              stack.redis().url(),
              esUrl,
              "it-midstream-" + UUID.randomUUID(),
              Clock.systemUTC(),
              new JsonObject().put(Settings.MAX_BACKLOG, MAX_BACKLOG))) {
        RedisAPI redis = RedisAPI.api(server.app.redis());
        Sender sender = new Sender(server);

        // the outage, by batch count: stopped after STOP_AFTER, started again after START_AFTER
        CompletableFuture<Void> down = new CompletableFuture<>();
        Future<Outage> outage =
            operator.submit(
                () -> {
                  try {
                    sender.awaitSent(STOP_AFTER);
                    long stopping = System.nanoTime();
                    sender.phase = Phase.STOPPING;
                    stack.elasticsearch().stop();
                    sender.phase = Phase.DOWN;
                    down.complete(null);
                    sender.awaitSent(START_AFTER);
                    sender.phase = Phase.STARTING;
                    stack.startElasticsearchAgain(m -> LOG.info("{}", m));
                    sender.phase = Phase.BACK;
                    return new Outage(stopping, System.nanoTime());
                  } catch (Throwable e) {
                    down.completeExceptionally(e);
                    throw e;
                  }
                });

        List<List<String>> refused = new ArrayList<>();
        for (int batch = 0; batch < BATCHES; batch++) {
          if (batch == 1) {
            // the steady stream begins once the pipeline indexes (templates and indices ready)
            await()
                .atMost(BOUND)
                .pollInSameThread()
                .untilAsserted(
                    () ->
                        assertThat(count(server, esUrl, sender.accepted))
                            .isEqualTo(sender.accepted.size()));
          }
          if (batch == DOWN_BEFORE) {
            down.get(BOUND.toSeconds(), TimeUnit.SECONDS);
          }
          List<String> ids = newIds(EVENTS_PER_BATCH);
          if (!sender.post(ids)) {
            refused.add(ids);
          }
          sender.sent.incrementAndGet();
          Thread.sleep(PACE_MILLIS); // the stream's pace
        }
        Outage away = outage.get(4, TimeUnit.MINUTES);

        // a refused batch is sent again later, until intake takes it (it then must be new)
        for (List<String> ids : refused) {
          await()
              .atMost(BOUND)
              .pollInSameThread()
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> sender.post(ids));
        }

        Set<String> accepted = sender.accepted;
        assertThat(accepted).hasSize(BATCHES * EVENTS_PER_BATCH);
        assertThat(sender.acceptedIn.getOrDefault(Phase.DOWN, 0))
            .as("events accepted while Elasticsearch was down")
            .isGreaterThanOrEqualTo(EVENTS_PER_BATCH);

        await()
            .atMost(BOUND)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  assertThat(waiting(server, redis)).as("entries waiting or pending").isZero();
                  assertThat(count(server, esUrl, accepted)).isEqualTo(accepted.size());
                  assertThat(items(server, "indexed") + items(server, "duplicate"))
                      .as("indexed + duplicate outcomes")
                      .isEqualTo(accepted.size());
                });
        long caughtUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - away.back());
        long awaySeconds = TimeUnit.NANOSECONDS.toSeconds(away.back() - away.stopping());
        double bulkFailures =
            server.metric("gridpulse_pipeline_bulk_failures_total", "domain=\"events\"").orElse(-1);
        LOG.info(
            "mid-stream: {} accepted ({} by phase); {} batches refused with 503 ({} answers,"
                + " retries included, as {}); pipeline: bulk failures {}, items indexed {},"
                + " duplicate {}, to retry {}; Elasticsearch away {} s, caught up {} ms after it"
                + " was back",
            accepted.size(),
            sender.acceptedIn,
            refused.size(),
            sender.refusals,
            sender.refusedAs,
            (long) bulkFailures,
            (long) items(server, "indexed"),
            (long) items(server, "duplicate"),
            (long) items(server, "retry"),
            awaySeconds,
            caughtUpMillis);

        // nothing else in the index, and no id twice (a second copy could only be in another
        // index of the alias: within one index the id is the _id)
        assertThat(countAll(server, esUrl)).isEqualTo(accepted.size());
        JsonObject search = search(server, esUrl, accepted);
        assertThat(search.getJsonObject("hits").getJsonObject("total").getInteger("value"))
            .isEqualTo(accepted.size());
        JsonArray buckets =
            search.getJsonObject("aggregations").getJsonObject("ids").getJsonArray("buckets");
        Set<String> seen = new HashSet<>();
        for (Object bucket : buckets) {
          JsonObject b = (JsonObject) bucket;
          assertThat(b.getInteger("doc_count")).as("copies of %s", b.getString("key")).isOne();
          seen.add(b.getString("key"));
        }
        assertThat(seen).isEqualTo(accepted);

        assertThat(deadLettered(server, redis))
            .as("dead-lettered")
            .doesNotContainAnyElementsOf(accepted);
        assertThat(items(server, "dead")).isZero();
        assertThat(
                server.metric("gridpulse_intake_events_total", "outcome=\"accepted\"").orElse(-1))
            .isEqualTo(accepted.size());
        // it backs off (up to 10 s between attempts) rather than hammering the dead node
        assertThat(bulkFailures)
            .as("bulks that failed while Elasticsearch was away (%d s)", awaySeconds)
            .isPositive()
            .isLessThanOrEqualTo(10 + awaySeconds / 2.0);
      } finally {
        // a start in progress is interrupted, and stops the node it started
        operator.shutdownNow();
        operator.awaitTermination(1, TimeUnit.MINUTES);
      }
    }
  }

  /** The stream: posts batches with the intake key and keeps what intake answered. */
  static final class Sender {
    final TestServer server;
    final AtomicInteger sent = new AtomicInteger();
    volatile Phase phase = Phase.UP;
    final Set<String> accepted = new LinkedHashSet<>();
    final Map<Phase, Integer> acceptedIn = new EnumMap<>(Phase.class);
    int refusals;
    final Set<String> refusedAs = new LinkedHashSet<>();

    Sender(TestServer server) {
      this.server = server;
    }

    void awaitSent(int batches) {
      await().atMost(BOUND).until(() -> sent.get() >= batches);
    }

    /**
     * Posts one batch: true when every event was accepted as new (202), false when intake refused
     * it with 503 (then nothing of it may have been accepted: sent again, each event must be new).
     */
    boolean post(List<String> ids) throws Exception {
      Phase when = phase;
      JsonArray events = new JsonArray();
      ids.forEach(id -> events.add(TestServer.event(id, "持续上报 " + id)));
      HttpResponse<Buffer> response = server.intake(new JsonObject().put("events", events));
      if (response.statusCode() == 503) {
        refusals++;
        refusedAs.add(response.bodyAsJsonObject().getString("type"));
        assertThat(response.getHeader("Retry-After")).isNotNull();
        return false;
      }
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getInteger("accepted")).isEqualTo(ids.size());
      JsonArray results = body.getJsonArray("results");
      for (int i = 0; i < ids.size(); i++) {
        JsonObject result = results.getJsonObject(i);
        assertThat(result.getString("id")).isEqualTo(ids.get(i));
        assertThat(result.getBoolean("duplicate", false))
            .as("%s accepted before (by a refused request?)", ids.get(i))
            .isFalse();
      }
      accepted.addAll(ids);
      acceptedIn.merge(when, ids.size(), Integer::sum);
      return true;
    }
  }

  static List<String> newIds(int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(TestServer.newId());
    }
    return ids;
  }

  /** Entries in the events stream (not yet indexed) plus those read but not acknowledged. */
  static long waiting(TestServer server, RedisAPI redis) throws Exception {
    String stream = StreamSpec.EVENTS.streamKey();
    long length = server.await(redis.xlen(stream)).toLong();
    Response pending = server.await(redis.xpending(List.of(stream, StreamSpec.EVENTS.group())));
    return length + pending.get(0).toLong();
  }

  /** The event ids of the dead-letter stream's entries. */
  static Set<String> deadLettered(TestServer server, RedisAPI redis) throws Exception {
    Response entries =
        server.await(redis.xrange(List.of(StreamSpec.EVENTS.deadLetterKey(), "-", "+")));
    Set<String> ids = new HashSet<>();
    for (Response entry : entries) {
      Response fields = entry.get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("id".equals(fields.get(i).toString())) {
          ids.add(fields.get(i + 1).toString());
        }
      }
    }
    return ids;
  }

  static double items(TestServer server, String outcome) throws Exception {
    return server
        .metric(
            "gridpulse_pipeline_items_total", "domain=\"events\"", "outcome=\"" + outcome + "\"")
        .orElse(0);
  }

  /** How many documents the events alias holds for these ids, counted 500 ids at a time. */
  static long count(TestServer server, String esUrl, Set<String> ids) throws Exception {
    List<String> all = new ArrayList<>(ids);
    long total = 0;
    for (int from = 0; from < all.size(); from += 500) {
      JsonArray chunk = new JsonArray(all.subList(from, Math.min(all.size(), from + 500)));
      JsonObject query =
          new JsonObject()
              .put("query", new JsonObject().put("ids", new JsonObject().put("values", chunk)));
      total += es(server, esUrl, "/_count", query).getLong("count");
    }
    return total;
  }

  static long countAll(TestServer server, String esUrl) throws Exception {
    return es(server, esUrl, "/_count", new JsonObject()).getLong("count");
  }

  /** The documents of these ids, with a terms aggregation on the id: one bucket per id. */
  static JsonObject search(TestServer server, String esUrl, Set<String> ids) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("size", 0)
            .put("track_total_hits", true)
            .put(
                "query",
                new JsonObject()
                    .put("terms", new JsonObject().put("id", new JsonArray(List.copyOf(ids)))))
            .put(
                "aggs",
                new JsonObject()
                    .put(
                        "ids",
                        new JsonObject()
                            .put(
                                "terms",
                                new JsonObject().put("field", "id").put("size", ids.size() + 1))));
    return es(server, esUrl, "/_search", body);
  }

  static JsonObject es(TestServer server, String esUrl, String path, JsonObject body)
      throws Exception {
    HttpResponse<Buffer> response =
        server.await(
            server.http.postAbs(esUrl + "/" + EventIntake.ALIAS + path).sendJsonObject(body));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }
}
