package io.gridpulse.server.bench;

import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.server.metrics.MetricTopic;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The query benchmark ({@code ./gridpulse bench query}, issue 9 point 3). On its own Redis and
 * Elasticsearch (started in a fresh folder on free ports) and a server of its own, it loads
 * generated events that have been through their closed loop ({@link BenchEvents#looped}: the seeds'
 * generator and loop plan, replayed by the real intake and loop) straight into the monthly indices
 * the real templates make, then times every query family one request at a time, at the district,
 * the busiest town, its busiest village and that village's busiest grid:
 *
 * <ul>
 *   <li>the query API through the server's real HTTP API, signed in as the demo leader: the
 *       drill-down search with filters, the counts, the departments' performance, a department's
 *       queue;
 *   <li>the live topics' aggregations through the same {@link MetricTopic} objects the server runs
 *       ({@code compute}, the very request builders and answer parsing), called in this JVM against
 *       the same Elasticsearch: a topic is computed by the server only while a screen watches it,
 *       once a second, and never answered to a request, so there is no HTTP call to time.
 * </ul>
 *
 * Each request differs from the one before (its time window moves by a second, its filters rotate),
 * so Elasticsearch's request cache never answers it, as it would not for a dashboard's new
 * watermark every second. Loads grow: {@code --events 1000000,10000000} loads 1 M, measures, adds 9
 * M, measures again. Writes {@code result.json} and prints a table per size.
 */
@Command(
    name = "bench-query",
    mixinStandardHelpOptions = true,
    description =
        "Query benchmark: the query API and the live topics' aggregations over N loaded events, on"
            + " its own Redis and Elasticsearch.")
public final class QueryBench implements Callable<Integer> {
  private static final String EVENTS_PATTERN = "gridpulse-events-*";
  private static final String DEMO_PASSWORD = "bench-demo-password";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--events",
      defaultValue = "1000000,10000000",
      split = ",",
      description =
          "event counts to measure at, ascending; each adds to the last (default ${DEFAULT-VALUE})")
  List<Long> sizes;

  @Option(
      names = "--queries",
      defaultValue = "100",
      description = "measured requests per family and scope (default ${DEFAULT-VALUE})")
  int queries;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "requests per family and scope before measuring (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--months",
      defaultValue = "6",
      description = "the events span this many months before now (default ${DEFAULT-VALUE})")
  int months;

  @Option(
      names = "--pool",
      defaultValue = "60000",
      description =
          "distinct generated events with their loops, loaded again and again with fresh ids"
              + " (default ${DEFAULT-VALUE})")
  int pool;

  @Option(
      names = "--bulk-size",
      defaultValue = "2000",
      description = "documents a _bulk request (default ${DEFAULT-VALUE})")
  int bulkSize;

  @Option(
      names = "--bulk-in-flight",
      defaultValue = "2",
      description = "_bulk requests at a time (default ${DEFAULT-VALUE})")
  int bulkInFlight;

  @Option(
      names = "--force-merge",
      defaultValue = "past",
      description =
          "after loading, merge to one segment: past (the months that no longer change), all, none"
              + " (default ${DEFAULT-VALUE})")
  String forceMerge;

  @Mixin BenchOptions common = new BenchOptions();

  @Option(
      names = "--out",
      defaultValue = "target/bench-query",
      description = "folder of result.json (default ${DEFAULT-VALUE})")
  Path out;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Vertx vertx;
  private Path work;
  private URI es;
  private ServerProcess server;
  private Elastic elastic;
  private String token;
  private District district;

  /** One query family at one scope: a request builder for the i-th request. */
  private record Probe(String family, String scope, IntFunction<Timed> request) {}

  /** One request, started by {@link #run()}, timed until its answer is read. */
  @FunctionalInterface
  private interface Timed {
    void run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    work = BenchOptions.workDir();
    JsonObject result =
        new JsonObject()
            .put("started", Instant.now().toString())
            .put("machine", IngestBench.machine())
            .put("options", options());
    say("machine: %s", result.getJsonObject("machine").encode());
    district = District.load();
    Duration span = Duration.ofDays(30L * months);
    say("generating %d events over %d months with their closed loops", pool, months);
    long g0 = System.nanoTime();
    BenchEvents events = BenchEvents.looped(district, pool, common.seed, span);
    say(
        "  %d events in %.1f s, documents of %d characters on average",
        events.size(), (System.nanoTime() - g0) / 1e9, events.meanDocumentChars());
    result.put("pool", events.size()).put("meanDocumentChars", events.meanDocumentChars());
    LocalStack stack = common.startStack(work);
    vertx = Vertx.vertx();
    Thread stopper = new Thread(() -> stopAll(stack), "bench-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      es = URI.create(stack.elasticsearch().url());
      Map<String, String> env = IngestBench.serverEnv(stack.redis().port(), es, work);
      env.put("GRIDPULSE_DEMO", "true");
      env.put("GRIDPULSE_DEMO_PASSWORD", DEMO_PASSWORD);
      say("starting the server (-Xmx%s)", common.serverHeap);
      server =
          ServerProcess.start(common.serverHeap, Ports.free(), env, work.resolve("server.log"));
      say("  server ready (pid %d)", server.pid());
      elastic = Elastic.connect(es.toString());
      BulkLoader loader = new BulkLoader(vertx, es, events);
      JsonArray runs = new JsonArray();
      result.put("runs", runs);
      long loaded = 0;
      int stage = 0;
      for (long size : new TreeSet<>(sizes)) {
        stage++;
        loaded = load(loader, events, "q" + stage, loaded, size);
        JsonObject run = measure(size, stack.elasticsearch().process().pid());
        runs.add(run);
        print(run);
        result.put("finished", Instant.now().toString());
        Files.writeString(out.resolve("result.json"), result.encodePrettily());
      }
      say("wrote %s", out.resolve("result.json"));
      return 0;
    } finally {
      stopAll(stack);
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  private synchronized void stopAll(LocalStack stack) {
    if (elastic != null) {
      elastic.close();
      elastic = null;
    }
    if (server != null) {
      say("stopping the server");
      server.close();
      server = null;
    }
    if (vertx != null) {
      vertx.close();
      vertx = null;
      say("stopping Elasticsearch and Redis");
      stack.close();
      IngestBench.deleteQuietly(work);
    }
  }

  // ---------------------------------------------------------------- loading

  /**
   * Adds documents until {@code target} are loaded: the monthly indices are made first (by the real
   * template) with refresh off and the translog synced in the background while loading, as a bulk
   * import would; then refreshed at the template's interval again, synced on every request again
   * and, by {@code --force-merge}, merged.
   */
  private long load(BulkLoader loader, BenchEvents events, String prefix, long loaded, long target)
      throws Exception {
    long docs = target - loaded;
    if (docs <= 0) {
      return loaded;
    }
    TreeSet<String> indices = new TreeSet<>();
    for (int i = 0; i < events.size(); i++) {
      indices.add(events.index(i));
    }
    for (String index : indices) {
      HttpResponse<String> r = call("PUT", "/" + index, null);
      if (r.statusCode() >= 300 && !r.body().contains("resource_already_exists")) {
        throw new IllegalStateException("PUT " + index + ": " + r.statusCode() + " " + r.body());
      }
    }
    String refresh =
        new JsonObject(ok("GET", "/" + indices.first() + "/_settings/index.refresh_interval", null))
            .getJsonObject(indices.first())
            .getJsonObject("settings")
            .getJsonObject("index")
            .getString("refresh_interval", "1s");
    settings("-1", "async");
    say(
        "loading %d events (%d → %d) into %d monthly indices, %d a request, %d in flight",
        docs, loaded, target, indices.size(), bulkSize, bulkInFlight);
    long before = loader.answered();
    long t0 = System.nanoTime();
    var done =
        loader.run(prefix, docs, bulkSize, bulkInFlight).toCompletionStage().toCompletableFuture();
    while (!done.isDone()) {
      try {
        done.get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        long n = loader.answered() - before;
        double s = (System.nanoTime() - t0) / 1e9;
        double rate = n / s;
        say(
            "  %,d of %,d (%.0f %%), %.0f docs/s, ETA %.0f s, load %.1f",
            n, docs, 100.0 * n / docs, rate, rate > 0 ? (docs - n) / rate : 0, ProcStats.load());
      }
    }
    BulkLoader.Result r = done.get();
    if (r.failed() > 0) {
      throw new IllegalStateException(r.failed() + " documents were refused");
    }
    say("  loaded %d in %.0f s (%.0f docs/s)", r.docs(), r.seconds(), r.rate());
    settings(refresh, "request");
    ok("POST", "/" + EVENTS_PATTERN + "/_refresh", null);
    merge(indices);
    return target;
  }

  /** The refresh interval and the translog's durability of every events index. */
  private void settings(String refresh, String durability) throws Exception {
    JsonObject index =
        new JsonObject()
            .put("refresh_interval", refresh)
            .put("translog", new JsonObject().put("durability", durability));
    ok("PUT", "/" + EVENTS_PATTERN + "/_settings", new JsonObject().put("index", index).encode());
  }

  /** Past months no longer change: merged to one segment each (the current month is left be). */
  private void merge(TreeSet<String> indices) throws Exception {
    if (forceMerge.equals("none")) {
      return;
    }
    List<String> merged = new ArrayList<>(indices);
    if (forceMerge.equals("past")) {
      merged.remove(indices.last());
    }
    for (String index : merged) {
      long t0 = System.nanoTime();
      ok("POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
      say("  %s merged to one segment in %.0f s", index, (System.nanoTime() - t0) / 1e9);
    }
  }

  // ---------------------------------------------------------------- measuring

  private JsonObject measure(long size, long esPid) throws Exception {
    token = signIn(); // a sign-in lasts less than loading millions of events takes
    JsonObject run = new JsonObject().put("events", size).put("loadBefore", ProcStats.load());
    long count = new JsonObject(ok("GET", "/" + EVENTS_PATTERN + "/_count", null)).getLong("count");
    run.put("indexed", count).put("elasticsearch", esFacts());
    List<String> scopes = busiestScopes();
    run.put("scopes", new JsonArray(scopes));
    say(
        "measuring at %,d events: scopes %s, %d warm-up + %d requests each",
        count, scopes, warmup, queries);
    JsonArray families = new JsonArray();
    ProcStats.Share esCpu = ProcStats.Share.start(esPid);
    List<Probe> probes = probes(scopes);
    // round after round of one request of every probe, so that a change in the machine's load
    // weighs on every family alike
    for (int i = 0; i < warmup; i++) {
      for (Probe probe : probes) {
        probe.request().apply(i).run();
      }
    }
    List<Histogram> histograms = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    probes.forEach(p -> histograms.add(new Histogram(3_600_000_000L, 3)));
    probes.forEach(p -> loads.add(0.0));
    for (int i = 0; i < queries; i++) {
      for (int k = 0; k < probes.size(); k++) {
        Timed t = probes.get(k).request().apply(warmup + i);
        long t0 = System.nanoTime();
        t.run();
        histograms.get(k).recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
      }
      double load = ProcStats.load();
      for (int k = 0; k < probes.size(); k++) {
        loads.set(k, Math.max(loads.get(k), load));
      }
      if ((i + 1) % 10 == 0) {
        say("  round %d of %d, load %.1f", i + 1, queries, load);
      }
    }
    for (int k = 0; k < probes.size(); k++) {
      Probe probe = probes.get(k);
      JsonObject p = IngestBench.percentiles(histograms.get(k));
      families.add(
          new JsonObject()
              .put("family", probe.family())
              .put("scope", level(probe.scope()))
              .put("code", probe.scope())
              .put("latencyMs", p)
              .put("loadMax", loads.get(k)));
    }
    return run.put("families", families)
        .put("elasticsearchCpu", Math.round(esCpu.machine() * 1000) / 10.0)
        .put("elasticsearchAfter", esFacts())
        .put("loadAfter", ProcStats.load());
  }

  /** The query families, each at every scope (the performance and queue reads have none). */
  private List<Probe> probes(List<String> scopes) {
    Context context = vertx.getOrCreateContext();
    List<MetricTopic> topics = MetricTopic.eventTopics(elastic, context, district);
    List<Category> categories = district.categories();
    List<Department> departments = district.departments();
    String[] statuses = {"closed", "dispatched,signed,in_progress", "resolved,visited", ""};
    List<Probe> probes = new ArrayList<>();
    for (String scope : scopes) {
      probes.add(
          new Probe(
              "search",
              scope,
              i -> {
                Map<String, String> q = window(i, scope);
                if (i % 2 == 0) {
                  q.put("category", categories.get(i % categories.size()).code());
                }
                if (!statuses[i % statuses.length].isEmpty()) {
                  q.put("status", statuses[i % statuses.length]);
                }
                q.put("size", "50");
                return api("/api/v1/events", q);
              }));
      probes.add(new Probe("counts", scope, i -> api("/api/v1/events/counts", window(i, scope))));
    }
    String district = scopes.get(0);
    probes.add(
        new Probe(
            "performance", district, i -> api("/api/v1/departments/performance", window(i, null))));
    probes.add(
        new Probe(
            "queue",
            district,
            i ->
                api(
                    "/api/v1/departments/"
                        + departments.get(i % departments.size()).code()
                        + "/queue",
                    Map.of("size", "50"))));
    for (MetricTopic topic : topics) {
      for (String scope : scopes) {
        probes.add(
            new Probe(
                topic.name(),
                scope,
                i -> () -> compute(context, topic, scope, Instant.now().minusMillis(i))));
      }
    }
    return probes;
  }

  private static final int[] WINDOW_DAYS = {7, 30, 90};

  /**
   * The parameters of the i-th request's time window: the last 7, 30 or 90 days in turn, ending
   * {@code i} seconds before now (so that no two requests are the same); {@code scope} if any.
   */
  private static Map<String, String> window(int i, String scope) {
    Instant to = Instant.now().minusSeconds(i);
    Map<String, String> q = new LinkedHashMap<>();
    if (scope != null) {
      q.put("scope", scope);
    }
    q.put("from", to.minus(Duration.ofDays(WINDOW_DAYS[i % WINDOW_DAYS.length])).toString());
    q.put("to", to.toString());
    return q;
  }

  private void compute(Context context, MetricTopic topic, String scope, Instant now)
      throws Exception {
    Promise<JsonObject> done = Promise.promise();
    context.runOnContext(v -> topic.compute(scope, now, now).onComplete(done));
    IngestBench.await(done.future());
  }

  /** A GET of the query API, signed in; fails on anything but 200. */
  private Timed api(String path, Map<String, String> query) {
    StringBuilder uri = new StringBuilder(server.url()).append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      uri.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri.toString()))
            .timeout(CALL_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .build();
    return () -> {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + ": " + r.statusCode() + " " + r.body());
      }
    };
  }

  /** The district, its busiest town, that town's busiest village and its busiest grid. */
  private List<String> busiestScopes() throws Exception {
    List<String> scopes = new ArrayList<>();
    scopes.add(District.CODE);
    String within = null;
    for (String field : List.of("townCode", "villageCode", "gridCode")) {
      JsonObject query =
          within == null
              ? new JsonObject().put("match_all", new JsonObject())
              : new JsonObject()
                  .put(
                      "prefix", new JsonObject().put(field, new JsonObject().put("value", within)));
      JsonObject body =
          new JsonObject()
              .put("size", 0)
              .put("query", query)
              .put(
                  "aggs",
                  new JsonObject()
                      .put(
                          "top",
                          new JsonObject()
                              .put("terms", new JsonObject().put("field", field).put("size", 1))));
      JsonObject answer =
          new JsonObject(ok("POST", "/" + EVENTS_PATTERN + "/_search", body.encode()));
      within =
          answer
              .getJsonObject("aggregations")
              .getJsonObject("top")
              .getJsonArray("buckets")
              .getJsonObject(0)
              .getString("key");
      scopes.add(within);
    }
    return scopes;
  }

  private static String level(String scope) {
    switch (scope.length()) {
      case 6:
        return "district";
      case 9:
        return "town";
      case 12:
        return "village";
      default:
        return "grid";
    }
  }

  /** Elasticsearch's heap, the events' size on disk, indices, shards and segments. */
  private JsonObject esFacts() throws Exception {
    JsonObject jvm =
        new JsonObject(ok("GET", "/_nodes/stats/jvm?filter_path=nodes.*.jvm.mem", null))
            .getJsonObject("nodes");
    JsonObject mem = jvm.getJsonObject(jvm.fieldNames().iterator().next()).getJsonObject("jvm");
    mem = mem.getJsonObject("mem");
    JsonArray indices =
        new JsonArray(
            ok(
                "GET",
                "/_cat/indices/"
                    + EVENTS_PATTERN
                    + "?format=json&bytes=b&h=index,docs.count,pri,store.size",
                null));
    long bytes = 0;
    for (int i = 0; i < indices.size(); i++) {
      bytes += Long.parseLong(indices.getJsonObject(i).getString("store.size", "0"));
    }
    JsonArray segments =
        new JsonArray(ok("GET", "/_cat/segments/" + EVENTS_PATTERN + "?format=json&h=index", null));
    return new JsonObject()
        .put("heapUsedMB", mem.getLong("heap_used_in_bytes") / 1048576)
        .put("heapMaxMB", mem.getLong("heap_max_in_bytes") / 1048576)
        .put("diskMB", bytes / 1048576)
        .put("indices", indices.size())
        .put("segments", segments.size());
  }

  private void print(JsonObject run) {
    // after the queries: the files the force-merge left behind are gone by then
    JsonObject e = run.getJsonObject("elasticsearchAfter");
    System.out.printf(
        Locale.ROOT,
        "%n%,d events (%d indices, %d segments, %d MB on disk; Elasticsearch heap %d of %d MB;"
            + " load %.1f → %.1f)%n",
        run.getLong("indexed"),
        e.getInteger("indices"),
        e.getInteger("segments"),
        e.getLong("diskMB"),
        e.getLong("heapUsedMB"),
        e.getLong("heapMaxMB"),
        run.getDouble("loadBefore"),
        run.getDouble("loadAfter"));
    System.out.println("| family | scope | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|");
    JsonArray families = run.getJsonArray("families");
    for (int i = 0; i < families.size(); i++) {
      JsonObject f = families.getJsonObject(i);
      JsonObject p = f.getJsonObject("latencyMs");
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.1f | %.1f | %.1f | %.1f |%n",
          f.getString("family"),
          f.getString("scope"),
          p.getDouble("p50"),
          p.getDouble("p95"),
          p.getDouble("p99"),
          p.getDouble("max"));
    }
    System.out.flush();
  }

  private String signIn() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/auth/login"))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "leader")
                            .put("password", DEMO_PASSWORD)
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot sign in as leader: " + r.statusCode() + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(es.resolve(path)).timeout(Duration.ofHours(2));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(
        b.method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A call to Elasticsearch that must succeed; its body. */
  private String ok(String method, String path, String body) throws Exception {
    HttpResponse<String> r = call(method, path, body);
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private JsonObject options() {
    return new JsonObject()
        .put("events", new JsonArray(sizes))
        .put("queries", queries)
        .put("warmup", warmup)
        .put("months", months)
        .put("pool", pool)
        .put("bulkSize", bulkSize)
        .put("bulkInFlight", bulkInFlight)
        .put("forceMerge", forceMerge)
        .put("serverHeap", common.serverHeap)
        .put("esHeap", common.esHeap);
  }

  static void say(String format, Object... args) {
    IngestBench.say(format, args);
  }
}
