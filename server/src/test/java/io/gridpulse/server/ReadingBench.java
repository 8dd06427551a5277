package io.gridpulse.server;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.seeds.Placement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.RedisAPI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The cost of a reading activity row, end to end on one machine: a Redis and an Elasticsearch of
 * its own, one GridPulse server; {@code rows} rows (default 200,000) over the seeds' placements and
 * the last two days, from a pool of 20,000 readers, posted 1,000 a request with 4 in flight; then
 * the hourly rollups and readers' days computed from them; then the summary of the district. Prints
 * the rate and the time per row of each stage and the bytes each row costs in each index.
 *
 * <pre>{@code
 * server/bench-reading 200000
 * }</pre>
 */
public final class ReadingBench {
  static final int BATCH = 1000;
  static final int IN_FLIGHT = 4;
  static final int READERS = 20_000;

  private ReadingBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = LocalServices.freshDir("reading-bench");
    LocalStack stack =
        LocalStack.start(new LocalStack.Config(dir, Ports.free(), Ports.free(), "512m"), m -> {});
    try (TestServer server =
        TestServer.start(
            stack.redis().url(),
            stack.elasticsearch().url(),
            "bench",
            Clock.systemUTC(),
            new JsonObject()
                .put("GRIDPULSE_READING_ROLLUP_MILLIS", 0)
                .put("GRIDPULSE_INTAKE_RATE", 1_000_000)
                .put("GRIDPULSE_INTAKE_BURST", 10_000_000))) {
      run(server, stack.elasticsearch().url(), rows);
    } finally {
      stack.close();
      LocalServices.deleteQuietly(dir);
    }
  }

  static void run(TestServer server, String es, int rows) throws Exception {
    List<Placement> places = TestServer.DISTRICT.placements();
    Random random = new Random(371502);
    Instant now = Instant.now();
    List<Buffer> bodies = new ArrayList<>();
    for (int b = 0; b < rows / BATCH; b++) {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < BATCH; i++) {
        int n = b * BATCH + i;
        String kind =
            n % 10 < 5 ? "scan" : n % 10 < 6 ? "register" : n % 10 < 8 ? "read" : "listen";
        JsonObject row =
            new JsonObject()
                .put("id", "bench-" + n)
                .put("kind", kind)
                .put("reader", "bench-r" + random.nextInt(READERS))
                .put("placement", places.get(random.nextInt(places.size())).code())
                .put("at", now.minusSeconds(random.nextInt(2 * 86_400)).toString());
        if (kind.equals("read") || kind.equals("listen")) {
          row.put("minutes", 1 + random.nextInt(60));
        }
        batch.add(row);
      }
      bodies.add(new JsonObject().put("rows", batch).toBuffer());
    }
    int total = bodies.size() * BATCH;
    long t0 = System.nanoTime();
    post(server, bodies);
    double intake = seconds(t0);
    System.out.printf(
        Locale.ROOT,
        "intake:   %,d rows in %.1f s = %,.0f rows/s (%.1f µs a row)%n",
        total,
        intake,
        total / intake,
        intake * 1e6 / total);

    RedisAPI redis = RedisAPI.api(server.app().redis());
    while (server.await(redis.xlen(StreamSpec.READING_ACTIVITY.streamKey())).toLong() > 0) {
      Thread.sleep(200);
    }
    double indexed = seconds(t0);
    System.out.printf(
        Locale.ROOT,
        "indexed:  all %,d rows %.1f s after the first was sent = %,.0f rows/s through the pipeline%n",
        total,
        indexed,
        total / indexed);

    long pending = server.await(server.app().reading().rollup().pending());
    long t1 = System.nanoTime();
    int buckets = server.await(server.app().reading().drainNow());
    double rollup = seconds(t1);
    System.out.printf(
        Locale.ROOT,
        "rollups:  %,d placement-hours (of %,d marked) recomputed in %.1f s = %,.0f rows/s"
            + " (%.1f µs a row, %.1f ms a placement-hour)%n",
        buckets,
        pending,
        rollup,
        total / rollup,
        rollup * 1e6 / total,
        rollup * 1e3 / Math.max(1, buckets));

    server.await(server.http.postAbs(es + "/_refresh").send());
    for (String alias :
        List.of(
            "gridpulse-reading-activity",
            "gridpulse-reading-hourly",
            "gridpulse-reading-readers")) {
      server.await(
          server.http.postAbs(es + "/" + alias + "/_forcemerge?max_num_segments=1").send());
      JsonObject stats =
          server
              .await(server.http.getAbs(es + "/" + alias + "/_stats/docs,store").send())
              .bodyAsJsonObject()
              .getJsonObject("_all")
              .getJsonObject("primaries");
      long docs = stats.getJsonObject("docs").getLong("count");
      long bytes = stats.getJsonObject("store").getLong("size_in_bytes");
      System.out.printf(
          Locale.ROOT,
          "index:    %-28s %,9d docs %,12d bytes = %5.1f bytes a row%n",
          alias,
          docs,
          bytes,
          (double) bytes / total);
    }

    String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
    String yesterday =
        java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(2).toString();
    String path = "/api/v1/reading/summary?scope=371502&from=" + yesterday + "&to=" + today;
    HttpResponse<Buffer> first = server.getAs("leader", path);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      server.getAs("leader", path);
      times.add((System.nanoTime() - t) / 1_000_000);
    }
    JsonObject s = first.bodyAsJsonObject();
    System.out.printf(
        Locale.ROOT,
        "summary:  district, 3 days: %s ms (10 calls); scans %,d, active readers %,d (of %,d"
            + " in the pool)%n",
        times,
        s.getLong("scans"),
        s.getLong("activeReaders"),
        READERS);
  }

  /** Posts every body, {@value #IN_FLIGHT} at a time; fails on an answer other than 202. */
  static void post(TestServer server, List<Buffer> bodies) throws Exception {
    for (int from = 0; from < bodies.size(); from += IN_FLIGHT) {
      List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
      for (int i = from; i < Math.min(bodies.size(), from + IN_FLIGHT); i++) {
        wave.add(
            server
                .http
                .post("/api/v1/reading/activity")
                .putHeader("X-Api-Key", TestServer.KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(bodies.get(i)));
      }
      for (Future<HttpResponse<Buffer>> f : wave) {
        HttpResponse<Buffer> r = server.await(f);
        if (r.statusCode() != 202) {
          throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
        }
      }
    }
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
