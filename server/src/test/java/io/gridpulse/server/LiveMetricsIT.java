package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.Village;
import io.gridpulse.server.live.LiveHub;
import io.gridpulse.server.metrics.MergePatch;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The aggregate topics on two instances sharing one Redis and one Elasticsearch: figures that count
 * a new event at once and agree with the next computation, computed by one instance however many
 * watch, on every instance's screens.
 */
@DisplayName("Live figures: once for everyone, at once, and right")
class LiveMetricsIT {
  static TestServer a;
  static TestServer b;

  /** The district's last village: no other test reports there. */
  static final Village VILLAGE =
      TestServer.DISTRICT.villages().get(TestServer.DISTRICT.villages().size() - 1);

  static final List<Grid> GRIDS = TestServer.DISTRICT.gridsOf(VILLAGE.code());

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    a =
        TestServer.start(
            stack.redis().url(), stack.elasticsearch().url(), "it-a-" + UUID.randomUUID());
    b =
        TestServer.start(
            stack.redis().url(), stack.elasticsearch().url(), "it-b-" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** One subscription: its frames, and the figures as the client rebuilds them. */
  static final class Watch {
    final WebSocket socket;
    final BlockingQueue<JsonObject> frames = TestServer.queue();
    final String topic;
    final String scope;
    JsonObject figures;
    long seq = -1;
    final List<JsonObject> history = new ArrayList<>();

    Watch(TestServer server, String who, String topic, String scope) throws Exception {
      this.topic = topic;
      this.scope = scope;
      socket = server.socket(frames);
      server.signIn(socket, who);
      socket.writeTextMessage(
          new JsonObject()
              .put("type", "subscribe")
              .put("topic", topic)
              .put("scope", scope)
              .encode());
      JsonObject snapshot = TestServer.next(frames, "snapshot");
      assertThat(snapshot.getString("topic")).isEqualTo(topic);
      figures = snapshot.getJsonObject("data");
      seq = snapshot.getLong("seq");
      history.add(figures.copy());
    }

    /** Applies the deltas that arrive within {@code millis}; checks that seq has no gap. */
    void drain(long millis) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < end) {
        JsonObject frame = frames.poll(20, TimeUnit.MILLISECONDS);
        if (frame != null) {
          apply(frame);
        }
      }
    }

    /** Applies deltas until {@code done} holds (at most {@code millis}); the time it took. */
    long until(java.util.function.Predicate<JsonObject> done, long millis)
        throws InterruptedException {
      long start = System.nanoTime();
      long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
      while (!done.test(figures)) {
        if (System.nanoTime() > end) {
          throw new AssertionError(topic + " " + scope + " never got there: " + figures.encode());
        }
        JsonObject frame = frames.poll(20, TimeUnit.MILLISECONDS);
        if (frame != null) {
          apply(frame);
        }
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private void apply(JsonObject frame) {
      if (!"delta".equals(frame.getString("type")) && !"snapshot".equals(frame.getString("type"))) {
        return;
      }
      assertThat(frame.getLong("seq")).as("seq without a gap").isEqualTo(seq + 1);
      seq = frame.getLong("seq");
      if ("snapshot".equals(frame.getString("type"))) {
        figures = frame.getJsonObject("data");
      } else {
        MergePatch.apply(figures, frame.getJsonObject("data"));
      }
      history.add(figures.copy());
    }

    void close() {
      socket.close();
    }
  }

  /** How many computations of {@code topic} the instance ran. */
  static double searches(TestServer server, String topic) throws Exception {
    return server.metric("gridpulse_live_searches_total", "topic=\"" + topic + "\"").orElse(0);
  }

  static JsonObject event(Grid grid, String category) {
    return TestServer.event(TestServer.newId(), "live figures " + category, grid.code())
        .put("category", category)
        .put("reportedAt", Instant.now().minusSeconds(5).toString());
  }

  @Test
  @DisplayName(
      "overview counts a new event at once on the other instance, and the next computations agree")
  void overviewInstantAndReconciled() throws Exception {
    Watch overview = new Watch(b, "duty", "overview", VILLAGE.code());
    Watch trend = new Watch(b, "duty", "events.trend", VILLAGE.code());
    try {
      long before = overview.figures.getLong("reported");
      long hourBefore =
          trend.figures.getJsonObject("hours").stream()
              .mapToLong(e -> ((Number) e.getValue()).longValue())
              .sum();
      for (int i = 0; i < 3; i++) {
        assertThat(a.intake(event(GRIDS.get(0), "sanitation")).statusCode()).isEqualTo(202);
      }
      long took = overview.until(f -> f.getLong("reported") == before + 3, 5_000);
      assertThat(took)
          .as("counted from the change notice, not a later computation")
          .isLessThan(2_000);
      trend.until(
          f ->
              f.getJsonObject("hours").stream()
                      .mapToLong(e -> ((Number) e.getValue()).longValue())
                      .sum()
                  == hourBefore + 3,
          5_000);
      // the watermark passes the three events: the computations take them over from the notices
      overview.drain(6_000);
      trend.drain(1_000);
      assertThat(overview.figures.getLong("reported")).isEqualTo(before + 3);
      assertThat(overview.history)
          .allSatisfy(f -> assertThat(f.getLong("reported")).isBetween(before, before + 3));
      // each computation published inside the margin re-adds the noticed events: once counted, an
      // event never drops out of the figure again
      List<JsonObject> history = overview.history;
      int reached = 0;
      while (history.get(reached).getLong("reported") < before + 3) {
        reached++;
      }
      assertThat(history.subList(reached, history.size()))
          .as("figures after the three were counted (%d of them)", history.size() - reached)
          .allSatisfy(f -> assertThat(f.getLong("reported")).isEqualTo(before + 3));
      assertThat(overview.figures.getString("asOf")).isNotBlank();
      assertThat(
              trend.figures.getJsonObject("hours").stream()
                  .mapToLong(e -> ((Number) e.getValue()).longValue())
                  .sum())
          .isEqualTo(hourBefore + 3);
      assertThat(trend.figures.getJsonObject("hours")).hasSize(24);
      assertThat(trend.figures.getJsonObject("days")).hasSize(30);
    } finally {
      overview.close();
      trend.close();
    }
  }

  @Test
  @DisplayName(
      "a (topic, scope) is computed by one instance, however many screens on however many instances watch")
  void computedOnce() throws Exception {
    String scope = VILLAGE.code().substring(0, 9);
    List<Watch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        watches.add(new Watch(i % 2 == 0 ? a : b, "leader", "hotspots", scope));
      }
      double a0 = searches(a, "hotspots");
      double b0 = searches(b, "hotspots");
      Thread.sleep(7_000);
      double da = searches(a, "hotspots") - a0;
      double db = searches(b, "hotspots") - b0;
      assertThat(Math.min(da, db)).as("one instance holds the lease: a %s, b %s", da, db).isZero();
      assertThat(da + db).as("about one search every 2 s").isBetween(2.0, 5.0);
      assertThat(
              a.metric("gridpulse_live_computations").orElse(0)
                  + b.metric("gridpulse_live_computations").orElse(0))
          .isEqualTo(1.0);
      // a new event reaches every screen, on both instances
      long[] before = watches.stream().mapToLong(w -> w.figures.getLong("total")).toArray();
      assertThat(b.intake(event(GRIDS.get(GRIDS.size() - 1), "street-lights")).statusCode())
          .isEqualTo(202);
      for (int i = 0; i < watches.size(); i++) {
        long was = before[i];
        watches.get(i).until(f -> f.getLong("total") == was + 1, 5_000);
        assertThat(
                watches
                    .get(i)
                    .figures
                    .getJsonObject("children")
                    .getLong(GRIDS.get(GRIDS.size() - 1).code().substring(0, 12)))
            .isPositive();
      }
    } finally {
      watches.forEach(Watch::close);
    }
    // nobody watches: nobody computes
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        a.metric("gridpulse_live_computations").orElse(0)
                            + b.metric("gridpulse_live_computations").orElse(0))
                    .isZero());
  }

  @Test
  @DisplayName(
      "a wall of the district and its towns costs one search a turn, and each scope counts its own"
          + " events")
  void wallOfScopes() throws Exception {
    List<String> towns =
        TestServer.DISTRICT.towns().stream().map(io.gridpulse.seeds.Town::code).toList();
    List<String> scopes = new ArrayList<>(List.of("371502"));
    scopes.addAll(towns);
    // two towns get new events: three in the first, two in the second
    Grid first = TestServer.DISTRICT.gridsOf(towns.get(0)).get(0);
    Grid second = TestServer.DISTRICT.gridsOf(towns.get(1)).get(0);
    List<Watch> overview = new ArrayList<>();
    List<Watch> trend = new ArrayList<>();
    try {
      for (String scope : scopes) {
        overview.add(new Watch(a, "leader", "overview", scope));
      }
      for (String scope : List.of("371502", towns.get(0), towns.get(1))) {
        trend.add(new Watch(a, "leader", "events.trend", scope));
      }
      double before = searches(a, "overview");
      Thread.sleep(5_000);
      double searched = searches(a, "overview") - before;
      assertThat(searched)
          .as("%d scopes watched for 5 s, computed every second: searches", scopes.size())
          .isBetween(3.0, 8.0);
      for (Watch w : overview) {
        w.drain(10);
      }
      for (Watch w : trend) {
        w.drain(10);
      }
      long[] reported = overview.stream().mapToLong(w -> w.figures.getLong("reported")).toArray();
      long[] hours = trend.stream().mapToLong(w -> hourTotal(w.figures)).toArray();
      for (int i = 0; i < 3; i++) {
        assertThat(a.intake(event(first, "sanitation")).statusCode()).isEqualTo(202);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(a.intake(event(second, "sanitation")).statusCode()).isEqualTo(202);
      }
      // past the watermark: the figures are the computations' own, every scope from one search
      long[] expected = new long[scopes.size()];
      expected[0] = 5;
      expected[1] = 3;
      expected[2] = 2;
      for (int i = 0; i < scopes.size(); i++) {
        long want = reported[i] + expected[i];
        overview.get(i).until(f -> f.getLong("reported") == want, 5_000);
      }
      long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      while (System.nanoTime() < settled) {
        for (Watch w : overview) {
          w.drain(10);
        }
      }
      for (int i = 0; i < scopes.size(); i++) {
        assertThat(overview.get(i).figures.getLong("reported"))
            .as("overview of %s after the computations took over", scopes.get(i))
            .isEqualTo(reported[i] + expected[i]);
      }
      for (int i = 0; i < trend.size(); i++) {
        trend.get(i).drain(100);
        assertThat(hourTotal(trend.get(i).figures))
            .as("trend of %s", trend.get(i).scope)
            .isEqualTo(hours[i] + expected[i]);
      }
    } finally {
      overview.forEach(Watch::close);
      trend.forEach(Watch::close);
    }
  }

  static long hourTotal(JsonObject trend) {
    return trend.getJsonObject("hours").stream()
        .mapToLong(e -> ((Number) e.getValue()).longValue())
        .sum();
  }

  @Test
  @DisplayName(
      "screens subscribing to one scope's events.live at once share a few snapshot reads, and"
          + " miss nothing after them")
  void snapshotsShared() throws Exception {
    int screens = 60;
    String token = a.token("leader");
    List<WebSocket> sockets = new ArrayList<>();
    List<BlockingQueue<JsonObject>> frames = new ArrayList<>();
    try {
      for (int i = 0; i < screens; i++) {
        BlockingQueue<JsonObject> queue = TestServer.queue();
        WebSocket socket = a.socket(queue);
        socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).encode());
        sockets.add(socket);
        frames.add(queue);
      }
      for (BlockingQueue<JsonObject> queue : frames) {
        TestServer.next(queue, "auth.ok");
      }
      double searches0 = searches(a, LiveHub.EVENTS_LIVE);
      String subscribe =
          new JsonObject()
              .put("type", "subscribe")
              .put("topic", LiveHub.EVENTS_LIVE)
              .put("scope", VILLAGE.code())
              .encode();
      sockets.forEach(socket -> socket.writeTextMessage(subscribe));
      long[] seqs = new long[screens];
      for (int i = 0; i < screens; i++) {
        JsonObject snapshot = TestServer.next(frames.get(i), "snapshot");
        assertThat(snapshot.getJsonObject("data").getJsonArray("events")).isNotNull();
        seqs[i] = snapshot.getLong("seq");
      }
      double reads = searches(a, LiveHub.EVENTS_LIVE) - searches0;
      // one read a screen before; now one in flight at a time, the screens meanwhile wait together
      assertThat(reads)
          .as("snapshot reads for %d screens subscribing at once", screens)
          .isBetween(1.0, screens / 6.0);
      // what is indexed after the snapshots reaches every screen, without a gap
      JsonObject posted = event(GRIDS.get(0), "sanitation");
      assertThat(a.intake(posted).statusCode()).isEqualTo(202);
      for (int i = 0; i < screens; i++) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean seen = false;
        while (!seen) {
          assertThat(System.nanoTime()).as("screen %d got the new event", i).isLessThan(end);
          JsonObject frame = frames.get(i).poll(100, TimeUnit.MILLISECONDS);
          if (frame == null || !"delta".equals(frame.getString("type"))) {
            continue;
          }
          assertThat(frame.getLong("seq")).as("seq without a gap").isEqualTo(seqs[i] + 1);
          seqs[i] = frame.getLong("seq");
          seen =
              frame
                  .getJsonObject("data")
                  .getJsonArray("events", new io.vertx.core.json.JsonArray())
                  .stream()
                  .anyMatch(e -> posted.getString("id").equals(((JsonObject) e).getString("id")));
        }
      }
    } finally {
      sockets.forEach(WebSocket::close);
    }
  }

  @Test
  @DisplayName(
      "a whistle appears on the dispatch board, and a surge of one category in a grid raises an alert")
  void boardAndSurge() throws Exception {
    Grid grid = GRIDS.get(Math.min(1, GRIDS.size() - 1));
    Watch board = new Watch(a, "duty", "dispatch.board", VILLAGE.code());
    Watch alerts = new Watch(b, "leader", "alerts", VILLAGE.code());
    BlockingQueue<JsonObject> live = TestServer.queue();
    WebSocket liveSocket = b.socket(live);
    b.signIn(liveSocket, "duty");
    liveSocket.writeTextMessage(
        new JsonObject()
            .put("type", "subscribe")
            .put("topic", "events.live")
            .put("scope", grid.code())
            .encode());
    TestServer.next(live, "snapshot");
    try {
      JsonObject whistle = event(grid, "road-damage");
      String id = whistle.getString("id");
      assertThat(a.intake(whistle).statusCode()).isEqualTo(202);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () ->
                  a.postAs(
                              "duty",
                              "/api/v1/events/" + id + "/transitions",
                              new JsonObject().put("action", "triage").put("level", "district"))
                          .statusCode()
                      == 200);
      assertThat(
              a.postAs(
                      "duty",
                      "/api/v1/events/" + id + "/transitions",
                      new JsonObject().put("action", "dispatch").put("department", "zjj"))
                  .statusCode())
          .isEqualTo(200);
      long took = board.until(f -> f.getJsonObject("whistles").containsKey(id), 5_000);
      assertThat(took).as("fresh within about two seconds of the step").isLessThan(3_500);
      // the step reached events.live on the other instance too
      JsonObject change = null;
      while (change == null) {
        JsonObject delta = TestServer.next(live, "delta").getJsonObject("data");
        JsonObject c = delta.getJsonObject("change");
        if (c != null && id.equals(c.getString("id")) && "dispatch".equals(c.getString("action"))) {
          change = c;
        }
      }
      assertThat(change.getString("to")).isEqualTo("dispatched");
      assertThat(change.getString("department")).isEqualTo("zjj");
      JsonObject shown = board.figures.getJsonObject("whistles").getJsonObject(id);
      assertThat(shown.getString("department")).isEqualTo("zjj");
      assertThat(shown.getString("deadline")).isNotBlank();
      assertThat(board.figures.getJsonObject("departments").getJsonObject("zjj").getLong("open"))
          .isPositive();

      String key = "grid:" + grid.code() + ":flooding";
      assertThat(alerts.figures.getJsonObject("surges").containsKey(key)).isFalse();
      for (int i = 0; i < 7; i++) {
        assertThat(b.intake(event(grid, "flooding")).statusCode()).isEqualTo(202);
      }
      alerts.until(f -> f.getJsonObject("surges").containsKey(key), 10_000);
      JsonObject surge = alerts.figures.getJsonObject("surges").getJsonObject(key);
      assertThat(surge.getLong("count")).isGreaterThanOrEqualTo(5);
      assertThat(surge.getDouble("p")).isLessThan(0.001);
    } finally {
      liveSocket.close();
      board.close();
      alerts.close();
    }
  }

  @Test
  @DisplayName("the domains' summaries on the wall are the query API's answers")
  void domainSummaries() throws Exception {
    for (String[] pair :
        new String[][] {
          {"projects.summary", "/api/v1/projects/summary?scope=district"},
          {"mediation.summary", "/api/v1/mediation/summary?scope=371502"},
          // today, the route's default range
          {"reading.summary", "/api/v1/reading/summary?scope=371502"}
        }) {
      Watch topic = new Watch(a, "leader", pair[0], "371502");
      try {
        // the seeds may still be on their way into Elasticsearch: the same figures within a few
        // of the topic's intervals
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonObject answered;
        JsonObject shown;
        while (true) {
          topic.drain(100);
          answered = a.getAs("leader", pair[1]).bodyAsJsonObject();
          shown = topic.figures.copy();
          for (String key : List.of("asOf", "day", "scope")) {
            shown.remove(key);
            answered.remove(key);
          }
          if (shown.equals(answered) || System.nanoTime() > end) {
            break;
          }
          topic.drain(1_000);
        }
        assertThat(shown).as(pair[0]).isEqualTo(answered);
      } finally {
        topic.close();
      }
    }
  }
}
