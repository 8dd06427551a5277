package io.gridpulse.server.bench;

import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.seeds.District;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The ingest benchmark ({@code ./gridpulse bench ingest}, issue 9). On its own Redis and
 * Elasticsearch (started in a fresh folder on free ports), with one pool of generated events, it
 * measures the ceiling — the documents straight to {@code _bulk} at the best of a few bulk sizes
 * and concurrencies — and GridPulse end to end — HTTP intake in batches → Redis stream → pipeline →
 * Elasticsearch, counting only events indexed and acknowledged (accepted minus those still in the
 * stream) — then the time to drain the backlog left when the load stops; the two arms alternate
 * {@code --rounds} times. Then intake latency at half the end-to-end rate, and intake with Redis's
 * AOF fsync {@code everysec} and {@code always}. Prints progress, writes {@code result.json} and
 * two SVG plots.
 */
@Command(
    name = "bench-ingest",
    mixinStandardHelpOptions = true,
    description =
        "Ingest benchmark: raw _bulk ceiling vs GridPulse end to end, on its own Redis and"
            + " Elasticsearch.")
public final class IngestBench implements Callable<Integer> {
  static final String KEY = "bench-intake-key-0123456789";
  private static final String EVENTS_PATTERN = "gridpulse-events-*";

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "seconds of sustained end-to-end load a round (default ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "seconds of load before measuring, each round (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "rounds of the two arms, alternating (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--intake-batch",
      defaultValue = "100",
      description = "events a terminal's request carries (default ${DEFAULT-VALUE})")
  int intakeBatch;

  @Option(
      names = "--intake-in-flight",
      defaultValue = "16",
      description = "intake requests at a time (default ${DEFAULT-VALUE})")
  int intakeInFlight;

  @Option(
      names = "--bulk-sizes",
      defaultValue = "1000,5000",
      split = ",",
      description = "ceiling: documents a bulk request, swept (default ${DEFAULT-VALUE})")
  List<Integer> bulkSizes;

  @Option(
      names = "--bulk-in-flight",
      defaultValue = "1,2,4",
      split = ",",
      description = "ceiling: bulk requests at a time, swept (default ${DEFAULT-VALUE})")
  List<Integer> bulkInFlight;

  @Option(
      names = "--ceiling-docs",
      defaultValue = "300000",
      description =
          "ceiling: documents a run of the sweep, and at most in a round (default ${DEFAULT-VALUE})")
  long ceilingDocs;

  @Option(
      names = "--ceiling-seconds",
      description =
          "ceiling: seconds a round's run lasts at most (default: --duration, as long as the"
              + " end-to-end arm; 0: only --ceiling-docs bounds it)")
  Integer ceilingSeconds;

  @Option(
      names = "--pipeline-batch",
      split = ",",
      description =
          "the pipeline's bulk size(s); several: swept first, the best used (default: the server's)")
  List<Integer> pipelineBatch = new ArrayList<>();

  @Option(
      names = "--pipeline-in-flight",
      split = ",",
      description =
          "the pipeline's bulk requests at a time; several: swept (default: the server's)")
  List<Integer> pipelineInFlight = new ArrayList<>();

  @Option(
      names = "--sweep-duration",
      defaultValue = "20",
      description =
          "seconds of end-to-end load per pipeline setting in the sweep (default ${DEFAULT-VALUE})")
  int sweepDuration;

  @Option(
      names = "--latency-duration",
      defaultValue = "20",
      description =
          "seconds of intake at half the end-to-end rate, for latency (0: skip; default ${DEFAULT-VALUE})")
  int latencyDuration;

  @Option(
      names = "--fsync",
      defaultValue = "everysec,always",
      split = ",",
      description =
          "Redis appendfsync modes to compare intake under (empty: skip; default ${DEFAULT-VALUE})")
  List<String> fsyncModes;

  @Option(
      names = "--fsync-duration",
      defaultValue = "15",
      description = "seconds of intake per fsync mode (default ${DEFAULT-VALUE})")
  int fsyncDuration;

  @Option(
      names = "--max-backlog",
      defaultValue = "200000",
      description =
          "the server's GRIDPULSE_MAX_BACKLOG during the run: intake answers 503 past it (default ${DEFAULT-VALUE})")
  long maxBacklog;

  @Option(
      names = "--pool",
      defaultValue = "20000",
      description =
          "distinct generated events, sent again and again with fresh ids (default ${DEFAULT-VALUE})")
  int pool;

  @Option(
      names = "--max-lag",
      description =
          "the server's GRIDPULSE_MAX_LAG_SECONDS during the run: intake answers 503 once the oldest"
              + " waiting event is this old (default: the server's own)")
  Integer maxLag;

  @Option(
      names = "--pace-lag",
      description =
          "the server's GRIDPULSE_PACE_LAG_SECONDS during the run: from this age of the oldest"
              + " waiting event (and as long a queue) intake takes about what the pipeline indexes;"
              + " 0: never (default: the server's own)")
  Integer paceLag;

  @Option(
      names = "--pin-elasticsearch",
      description =
          "CPUs for Elasticsearch alone (a taskset list, e.g. 1); Redis, the server and the loader get"
              + " the others, in both arms: a model of Elasticsearch on a machine of its own"
              + " (default: no pinning, everything shares every CPU)")
  String pinElasticsearch;

  @Mixin BenchOptions common = new BenchOptions();

  @Option(
      names = "--out",
      defaultValue = "target/bench-ingest",
      description = "folder of result.json and the plots (default ${DEFAULT-VALUE})")
  Path out;

  private CpuPinning pinning;
  private Vertx vertx;
  private RedisAPI redis;
  private IntakeWriter eventStream;
  private URI es;
  private long redisPid;
  private long esPid;
  private Path work;
  private ServerProcess server;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(5))
          .build();
  private static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(30);
  private BenchEvents events;
  private int runs;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    work = BenchOptions.workDir();
    JsonObject result =
        new JsonObject().put("started", Instant.now().toString()).put("machine", machine());
    say("machine: %s", result.getJsonObject("machine").encode());
    say("generating %d events with the seeds' generator", pool);
    events = BenchEvents.generate(District.load(), pool, common.seed);
    say(
        "  %d events, documents of %d characters on average",
        events.size(), events.meanDocumentChars());
    result.put("options", options()).put("meanDocumentChars", events.meanDocumentChars());
    pinning = pinElasticsearch == null ? null : CpuPinning.of(pinElasticsearch, ProcStats.CPUS);
    LocalStack stack = common.startStack(work);
    vertx = Vertx.vertx();
    Thread stopper = new Thread(() -> stopAll(stack), "bench-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      redisPid = stack.redis().process().pid();
      redisPort = stack.redis().port();
      esPid = stack.elasticsearch().process().pid();
      es = URI.create(stack.elasticsearch().url());
      Redis client = Redis.createClient(vertx, stack.redis().url());
      redis = RedisAPI.api(client);
      eventStream = new IntakeWriter(client, StreamSpec.EVENTS);
      if (pinning != null) {
        say(
            "pinning Elasticsearch to CPUs %s; Redis, the server and this loader to CPUs %s",
            pinning.elasticsearch(), pinning.rest());
        CpuPinning.pin(esPid, pinning.elasticsearch());
        CpuPinning.pin(redisPid, pinning.rest());
        CpuPinning.pin(ProcessHandle.current().pid(), pinning.rest());
      }
      run(stack, result);
      result.put("finished", Instant.now().toString());
      Files.writeString(out.resolve("result.json"), result.encodePrettily());
      Plots.write(out, result);
      say(
          "wrote %s, %s and %s",
          out.resolve("result.json"), out.resolve("throughput.svg"), out.resolve("latency.svg"));
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
      deleteQuietly(work);
    }
  }

  private void run(LocalStack stack, JsonObject result) throws Exception {
    List<int[]> pipelineSettings = new ArrayList<>();
    for (int b : pipelineBatch.isEmpty() ? List.of(0) : pipelineBatch) {
      for (int f : pipelineInFlight.isEmpty() ? List.of(0) : pipelineInFlight) {
        pipelineSettings.add(new int[] {b, f});
      }
    }
    restartServer(pipelineSettings.get(0));

    say("ceiling warm-up (not counted): %d documents", ceilingDocs / 10);
    await(new BulkLoader(vertx, es, events).run("w", ceilingDocs / 10, bulkSizes.get(0), 1));
    say(
        "ceiling sweep: %s documents a request × %s in flight, %d documents each",
        bulkSizes, bulkInFlight, ceilingDocs);
    JsonArray sweep = new JsonArray();
    double bestRate = 0;
    int bestSize = bulkSizes.get(0);
    int bestInFlight = bulkInFlight.get(0);
    for (int size : bulkSizes) {
      for (int inFlight : bulkInFlight) {
        JsonObject c = ceiling(size, inFlight, ceilingDocs, 0);
        sweep.add(c);
        if (c.getDouble("rate") > bestRate) {
          bestRate = c.getDouble("rate");
          bestSize = size;
          bestInFlight = inFlight;
        }
      }
    }
    say("  best: %d a request, %d in flight (%.0f docs/s)", bestSize, bestInFlight, bestRate);
    result
        .put("ceilingSweep", sweep)
        .put("ceilingBest", new JsonObject().put("size", bestSize).put("inFlight", bestInFlight));

    if (pipelineSettings.size() > 1) {
      say("pipeline sweep: %d settings, %d s each", pipelineSettings.size(), sweepDuration);
      JsonArray ps = new JsonArray();
      double best = -1;
      int[] chosen = pipelineSettings.get(0);
      for (int[] setting : pipelineSettings) {
        restartServer(setting);
        JsonObject e = endToEnd(Math.min(warmup, 5), sweepDuration, false);
        e.put("pipelineBatch", setting[0]).put("pipelineInFlight", setting[1]);
        ps.add(e);
        if (e.getDouble("rate") > best) {
          best = e.getDouble("rate");
          chosen = setting;
        }
      }
      say(
          "  best: batch %s, %s in flight (%.0f events/s)",
          label(chosen[0]), label(chosen[1]), best);
      result
          .put("pipelineSweep", ps)
          .put("pipelineBest", new JsonObject().put("batch", chosen[0]).put("inFlight", chosen[1]));
      restartServer(chosen);
    }

    JsonArray roundsOut = new JsonArray();
    List<Double> ceilings = new ArrayList<>();
    List<Double> ends = new ArrayList<>();
    List<Double> drains = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      say("round %d of %d", r, rounds);
      JsonObject c = ceiling(bestSize, bestInFlight, roundCeilingDocs(), ceilingDeadlineSeconds());
      JsonObject e = endToEnd(warmup, duration, true);
      ceilings.add(c.getDouble("rate"));
      ends.add(e.getDouble("rate"));
      if (e.containsKey("drainRate")) {
        drains.add(e.getDouble("drainRate"));
      }
      roundsOut.add(new JsonObject().put("round", r).put("ceiling", c).put("endToEnd", e));
    }
    double ceiling = median(ceilings);
    double end = median(ends);
    JsonObject summary =
        new JsonObject()
            .put("ceilingMedian", round(ceiling))
            .put("endToEndMedian", round(end))
            .put("ratio", Math.round(end / ceiling * 1000) / 1000.0)
            .put("drainRateMedian", drains.isEmpty() ? null : round(median(drains)));
    result.put("rounds", roundsOut).put("summary", summary);
    say(
        "summary: ceiling %.0f docs/s, GridPulse end to end %.0f events/s: b/a = %.2f",
        ceiling, end, end / ceiling);
    if (pinning == null) {
      List<JsonObject> costs = new ArrayList<>();
      List<Double> ceilingCosts = new ArrayList<>();
      for (int i = 0; i < roundsOut.size(); i++) {
        JsonObject measuredRound = roundsOut.getJsonObject(i);
        costs.add(measuredRound.getJsonObject("endToEnd").getJsonObject("cpuMicros"));
        ceilingCosts.add(
            measuredRound
                .getJsonObject("ceiling")
                .getJsonObject("cpuMicros")
                .getDouble("elasticsearchPerDoc"));
      }
      double affordable = affordable(costs, ProcStats.CPUS);
      double serverFree = withoutServer(costs, ceilingCosts, ProcStats.CPUS);
      summary
          .put("affordableEventsPerSecond", round(affordable))
          .put("affordableRatio", Math.round(affordable / ceiling * 1000) / 1000.0)
          .put("serverFreeEventsPerSecond", round(serverFree))
          .put("serverFreeRatio", Math.round(serverFree / ceiling * 1000) / 1000.0);
      List<JsonObject> measured = costs.stream().filter(IngestBench::measured).toList();
      if (measured.isEmpty()) {
        say("  CPU an event costs: not measured (no round's window indexed anything)");
      } else {
        say(
            "  CPU an event costs (medians of the rounds): Elasticsearch %.0f µs, server %.0f µs a"
                + " stage, Redis %.0f µs a stage, load generator %.0f µs; %.0f µs an event in all"
                + " (Elasticsearch's median and the median of the rest's totals): these %d cores"
                + " allow at most %.0f events/s"
                + " end to end (b/a ≤ %.2f)",
            median(measured.stream().map(c -> c.getDouble("elasticsearchPerIndexed")).toList()),
            median(measured.stream().map(c -> c.getDouble("serverPerStage")).toList()),
            median(measured.stream().map(c -> c.getDouble("redisPerStage")).toList()),
            median(measured.stream().map(c -> c.getDouble("loadGeneratorPerAccepted")).toList()),
            ProcStats.CPUS * 1e6 / affordable,
            ProcStats.CPUS,
            affordable,
            affordable / ceiling);
        say(
            "  with a server that cost nothing (Elasticsearch at its ceiling's cost a document, Redis"
                + " and the load generator as measured): at most %.0f events/s (b/a ≤ %.2f)",
            serverFree, serverFree / ceiling);
      }
    }

    if (latencyDuration > 0 && end >= 2) {
      double rate = end / 2;
      say(
          "intake latency at half the end-to-end rate (%.0f events/s) for %d s",
          rate, latencyDuration);
      result.put("halfRate", paced(rate, latencyDuration));
    }
    if (!fsyncModes.isEmpty() && !fsyncModes.get(0).isBlank()) {
      JsonArray f = new JsonArray();
      for (String mode : fsyncModes) {
        await(redis.config(List.of("SET", "appendfsync", mode)));
        say("intake with appendfsync %s for %d s", mode, fsyncDuration);
        JsonObject e = endToEnd(Math.min(warmup, 3), fsyncDuration, false);
        f.add(e.put("appendfsync", mode));
      }
      await(redis.config(List.of("SET", "appendfsync", "everysec")));
      result.put("fsync", f);
    }
  }

  private static String label(int v) {
    return v == 0 ? "(server default)" : Integer.toString(v);
  }

  private void restartServer(int[] setting) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
    Map<String, String> env = serverEnv(redisPort(), es, work);
    env.put("GRIDPULSE_INTAKE_KEYS", KEY);
    env.put("GRIDPULSE_INTAKE_RATE", "100000000");
    env.put("GRIDPULSE_INTAKE_BURST", "100000000");
    env.put("GRIDPULSE_MAX_BACKLOG", Long.toString(maxBacklog));
    if (maxLag != null) {
      env.put("GRIDPULSE_MAX_LAG_SECONDS", Integer.toString(maxLag));
    }
    if (paceLag != null) {
      env.put("GRIDPULSE_PACE_LAG_SECONDS", Integer.toString(paceLag));
    }
    if (setting[0] > 0) {
      env.put("GRIDPULSE_PIPELINE_BATCH", Integer.toString(setting[0]));
    }
    if (setting[1] > 0) {
      env.put("GRIDPULSE_PIPELINE_IN_FLIGHT", Integer.toString(setting[1]));
    }
    say(
        "starting the server (-Xmx%s, pipeline batch %s, in flight %s)",
        common.serverHeap, label(setting[0]), label(setting[1]));
    server = ServerProcess.start(common.serverHeap, Ports.free(), env, work.resolve("server.log"));
    if (pinning != null) {
      CpuPinning.pin(server.pid(), pinning.rest());
    }
    say("  server ready (pid %d)", server.pid());
  }

  private int redisPort;

  /**
   * The environment of a benchmark's server: its own Redis and Elasticsearch, a data folder under
   * {@code work}, no sweeper.
   */
  static Map<String, String> serverEnv(int redisPort, URI es, Path work) {
    Map<String, String> env = new HashMap<>();
    env.put("GRIDPULSE_REDIS_URL", "redis://127.0.0.1:" + redisPort);
    env.put("GRIDPULSE_ES_URL", es.toString());
    env.put("GRIDPULSE_JWT_SECRET", "bench-jwt-secret-0123456789abcdef0123456789");
    env.put("GRIDPULSE_SWEEP_SECONDS", "0");
    env.put("GRIDPULSE_DATA_DIR", work.resolve("server").toString());
    env.put("GRIDPULSE_INSTANCE_ID", "bench");
    return env;
  }

  private int redisPort() {
    return redisPort;
  }

  /** A round's ceiling: sustained for {@link #ceilingDeadlineSeconds}, when that is set. */
  private long roundCeilingDocs() {
    return ceilingDeadlineSeconds() > 0 ? Long.MAX_VALUE : ceilingDocs;
  }

  private int ceilingDeadlineSeconds() {
    return ceilingSeconds == null ? duration : ceilingSeconds;
  }

  /**
   * The ceiling arm once: fresh indices, {@code docs} documents, or as many as {@code seconds}
   * allow (0: no time limit).
   */
  private JsonObject ceiling(int size, int inFlight, long docs, int seconds) throws Exception {
    clearIndices();
    double load = ProcStats.load();
    ProcStats.Share esCpu = ProcStats.Share.start(esPid);
    ProcStats.Share self = ProcStats.Share.own(ProcessHandle.current().pid());
    BulkLoader.Result r =
        await(new BulkLoader(vertx, es, events).run("c" + (++runs), docs, size, inFlight, seconds));
    JsonObject c =
        new JsonObject()
            .put("size", size)
            .put("inFlight", inFlight)
            .put("docs", r.docs())
            .put("seconds", round3(r.seconds()))
            .put("rate", round(r.rate()))
            .put("failedDocs", r.failed())
            .put(
                "cpu",
                new JsonObject()
                    .put("elasticsearch", pct(esCpu.machine()))
                    .put("loader", pct(self.machine())))
            .put(
                "cpuMicros",
                new JsonObject().put("elasticsearchPerDoc", micros(esCpu.seconds(), r.docs())))
            .put("load", load);
    long indexed = count();
    c.put("indexed", indexed);
    say(
        "  ceiling %5d × %d: %8.0f docs/s (%d indexed%s; Elasticsearch CPU %.0f%% of the machine; load %.1f)",
        size,
        inFlight,
        r.rate(),
        indexed,
        r.failed() > 0 ? ", " + r.failed() + " in requests with errors" : "",
        esCpu.machine() * 100,
        load);
    return c;
  }

  /**
   * GridPulse end to end: warm-up, then {@code seconds} of closed-loop intake, sampling each second
   * what was accepted and what is still in the stream (the rest is indexed and acknowledged); then
   * the drain of the backlog, and (when {@code check}) the count in Elasticsearch.
   */
  private JsonObject endToEnd(int warmupSeconds, int seconds, boolean check) throws Exception {
    clearIndices();
    long doneBefore = stream().done();
    String prefix = "e" + (++runs);
    IntakeLoad load =
        new IntakeLoad(
                vertx, URI.create(server.url()), KEY, events, prefix, intakeBatch, intakeInFlight)
            .closedLoop(intakeInFlight);
    Thread.sleep(warmupSeconds * 1000L);
    awaitFirstIndexed(load, doneBefore);
    load.latency.reset();
    long refused0 = load.refused.get();
    double loadAvg = ProcStats.load();
    long t0 = System.nanoTime();
    long acked0 = stream().done();
    long accepted0 = load.accepted.get();
    ProcStats.Share redisCpu = ProcStats.Share.start(redisPid);
    ProcStats.Share esCpu = ProcStats.Share.start(esPid);
    ProcStats.Share serverCpu = ProcStats.Share.start(server.pid());
    ProcStats.Share self = ProcStats.Share.own(ProcessHandle.current().pid());
    JsonArray samples = new JsonArray();
    Histogram latency = new Histogram(3);
    double heapMax = 0;
    long rssMax = 0;
    long lastAcked = acked0;
    int still = 0; // consecutive seconds with nothing indexed while events waited
    int stalled = 0; // the longest such run
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(Math.max(0, t0 + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
      IntakeWriter.State now = stream();
      long backlog = now.length();
      long acked = now.done();
      latency.add(load.latency.getIntervalHistogram());
      double heap = heap();
      long rss = ProcStats.rssBytes(server.pid());
      heapMax = Math.max(heapMax, heap);
      rssMax = Math.max(rssMax, rss);
      samples.add(
          new JsonObject()
              .put("t", s)
              .put("indexed", acked - lastAcked)
              .put("accepted", load.accepted.get())
              .put("backlog", backlog)
              .put("heapMB", Math.round(heap / 1e6)));
      still = acked <= lastAcked && backlog > 0 ? still + 1 : 0;
      stalled = Math.max(stalled, still);
      lastAcked = acked;
      if (s % 10 == 0 || s == seconds) {
        say(
            "    %3d s: %.0f events/s indexed and acknowledged, backlog %d, p99 intake %.1f ms, heap %.0f MB",
            s,
            (acked - acked0) / ((System.nanoTime() - t0) / 1e9),
            backlog,
            latency.getValueAtPercentile(99) / 1000.0,
            heapMax / 1e6);
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long acked = stream().done();
    double rate = (acked - acked0) / elapsed;
    double intakeRate = (load.accepted.get() - accepted0) / elapsed;
    JsonObject cpu =
        new JsonObject()
            .put("redis", pct(redisCpu.machine()))
            .put("elasticsearch", pct(esCpu.machine()))
            .put("server", pct(serverCpu.machine()))
            .put("loadGenerator", pct(self.machine()));
    // CPU a unit of work costs each process: an event is accepted (one stage) and indexed (another)
    long indexedIn = acked - acked0;
    long acceptedIn = load.accepted.get() - accepted0;
    JsonObject cpuMicros =
        new JsonObject()
            .put("elasticsearchPerIndexed", micros(esCpu.seconds(), indexedIn))
            .put("serverPerStage", micros(serverCpu.seconds(), indexedIn + acceptedIn))
            .put("redisPerStage", micros(redisCpu.seconds(), indexedIn + acceptedIn))
            .put("loadGeneratorPerAccepted", micros(self.seconds(), acceptedIn));
    await(load.stop());
    latency.add(load.latency.getIntervalHistogram());
    JsonObject e =
        new JsonObject()
            .put("seconds", round3(elapsed))
            .put("rate", round(rate))
            .put("intakeRate", round(intakeRate))
            .put("refusedRequests", load.refused.get() - refused0)
            .put("failedRequests", load.failed.get())
            .put("latencyMs", percentiles(latency))
            .put("cpu", cpu)
            .put("cpuMicros", cpuMicros)
            .put("serverHeapMaxMB", Math.round(heapMax / 1e6))
            .put("serverRssMaxMB", rssMax / (1024 * 1024))
            .put("longestStallSeconds", stalled)
            .put("load", loadAvg)
            .put("samples", samples);
    say(
        "  GridPulse: %.0f events/s indexed and acknowledged (intake %.0f/s, %d refusals 503), intake p50 %.1f p99 %.1f ms; CPU %% of the machine: Redis %.0f, Elasticsearch %.0f, server %.0f, load generator %.0f; server heap ≤ %.0f MB, RSS ≤ %d MB; load %.1f",
        rate,
        intakeRate,
        load.refused.get() - refused0,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        redisCpu.machine() * 100,
        esCpu.machine() * 100,
        serverCpu.machine() * 100,
        self.machine() * 100,
        heapMax / 1e6,
        rssMax / (1024 * 1024),
        loadAvg);
    // a batch is acknowledged whole, so a second without one is no stall; three in a row are
    if (stalled > 0 && stalled >= Math.min(STALL_SECONDS, seconds)) {
      say(
          "  stalled: nothing was indexed for %d s in a row while events waited (see the server's"
              + " log; a rate over a stall measures the stall: rerun with a longer --duration)",
          stalled);
    }
    // the drain: what was left in the stream once the load stopped
    long left = backlog();
    double drain = drain();
    e.put("backlogAtStop", left).put("drainSeconds", round3(drain));
    if (left > 0) {
      e.put("drainRate", round(left / drain));
    }
    say(
        "  drain: %d events in %.2f s%s",
        left, drain, left > 0 ? String.format(Locale.ROOT, " (%.0f events/s)", left / drain) : "");
    if (check) {
      long indexed = count();
      long accepted = load.accepted.get();
      e.put("accepted", accepted).put("indexed", indexed);
      say(
          "  exactly once: %d accepted, %d in Elasticsearch%s",
          accepted, indexed, accepted == indexed ? "" : "  MISMATCH");
      if (accepted != indexed) {
        e.put("mismatch", true);
      }
    }
    return e;
  }

  /** Intake at a fixed rate (open loop), for its latency. */
  private JsonObject paced(double rate, int seconds) throws Exception {
    clearIndices();
    IntakeLoad load =
        new IntakeLoad(
                vertx,
                URI.create(server.url()),
                KEY,
                events,
                "l" + (++runs),
                intakeBatch,
                intakeInFlight * 4)
            .openLoop(rate);
    Thread.sleep(Math.min(warmup, 5) * 1000L);
    load.latency.reset();
    long a0 = load.accepted.get();
    double loadAvg = ProcStats.load();
    long t0 = System.nanoTime();
    Histogram latency = new Histogram(3);
    double heapMax = 0;
    for (int s = 1; s <= seconds; s++) {
      Thread.sleep(1000);
      latency.add(load.latency.getIntervalHistogram());
      heapMax = Math.max(heapMax, heap());
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long accepted = load.accepted.get() - a0;
    await(load.stop());
    JsonObject p =
        new JsonObject()
            .put("targetRate", round(rate))
            .put("intakeRate", round(accepted / elapsed))
            .put("latencyMs", percentiles(latency))
            .put("serverHeapMaxMB", Math.round(heapMax / 1e6))
            .put("load", loadAvg);
    say(
        "  %.0f events/s offered, %.0f accepted: intake p50 %.1f, p95 %.1f, p99 %.1f, max %.1f ms",
        rate,
        accepted / elapsed,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(95) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getMaxValue() / 1000.0);
    drain();
    return p;
  }

  /** Waits until the pipeline has emptied the stream (at most 10 minutes); the seconds it took. */
  private double drain() throws Exception {
    long d0 = System.nanoTime();
    while (backlog() > 0) {
      Thread.sleep(50);
      if (System.nanoTime() - d0 > 600_000_000_000L) {
        throw new IllegalStateException("the backlog did not drain in 10 minutes");
      }
    }
    return (System.nanoTime() - d0) / 1e9;
  }

  static JsonObject percentiles(Histogram h) {
    JsonObject p = new JsonObject().put("requests", h.getTotalCount());
    for (double q : new double[] {50, 90, 95, 99, 99.9}) {
      p.put(
          "p" + (q == Math.rint(q) ? Integer.toString((int) q) : Double.toString(q)),
          h.getValueAtPercentile(q) / 1000.0);
    }
    return p.put("max", h.getMaxValue() / 1000.0);
  }

  /**
   * The warm-up lasts until the pipeline has indexed and acknowledged something: the first bulk
   * into emptied indices creates the monthly indices (a cluster-state change per month, seconds on
   * a busy machine), and a window that starts before that measures index creation, not indexing.
   */
  private void awaitFirstIndexed(IntakeLoad load, long doneBefore) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIRST_INDEXED_SECONDS);
    long waited = System.nanoTime();
    while (stream().done() <= doneBefore) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "nothing was indexed "
                + FIRST_INDEXED_SECONDS
                + " s after the warm-up ("
                + load.accepted.get()
                + " accepted, "
                + load.failed.get()
                + " failed requests): look at the server's log for the pipeline's errors");
      }
      Thread.sleep(100);
    }
    double extra = (System.nanoTime() - waited) / 1e9;
    if (extra >= 1) {
      say("  warm-up: the first events were indexed %.1f s after the warm-up's end", extra);
    }
  }

  private static final int FIRST_INDEXED_SECONDS = 120;

  /** Seconds in a row with nothing indexed while events waited that make a stall worth saying. */
  private static final int STALL_SECONDS = 3;

  private long backlog() throws Exception {
    return stream().length();
  }

  /**
   * The events' stream at one instant: what is done counts exactly from the two counters of one
   * {@code XINFO STREAM} (a length read beside the load's own count of accepted events would be off
   * by the requests in flight).
   */
  private IntakeWriter.State stream() throws Exception {
    return await(eventStream.state());
  }

  /** The server's heap in use (bytes), from its /metrics. */
  private double heap() {
    try {
      double sum = 0;
      for (String line : get(server.url() + "/metrics").split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (Exception e) {
      return 0;
    }
  }

  /** Deletes the events' monthly indices (the template recreates them on the next write). */
  private void clearIndices() throws Exception {
    String names =
        get(es + "/_cat/indices/" + EVENTS_PATTERN + "?h=index").strip().replace("\n", ",");
    if (!names.isBlank()) {
      send("DELETE", "/" + names);
    }
  }

  private long count() throws Exception {
    send("POST", "/" + EVENTS_PATTERN + "/_refresh");
    String body = get(es + "/" + EVENTS_PATTERN + "/_count");
    return new JsonObject(body).getLong("count", 0L);
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void send(String method, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(es.resolve(path))
                .timeout(CALL_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
  }

  private JsonObject options() {
    return new JsonObject()
        .put("duration", duration)
        .put("warmup", warmup)
        .put("rounds", rounds)
        .put("intakeBatch", intakeBatch)
        .put("intakeInFlight", intakeInFlight)
        .put("bulkSizes", new JsonArray(bulkSizes))
        .put("bulkInFlight", new JsonArray(bulkInFlight))
        .put("ceilingDocs", ceilingDocs)
        .put("ceilingSeconds", ceilingDeadlineSeconds())
        .put("pipelineBatch", new JsonArray(pipelineBatch))
        .put("pipelineInFlight", new JsonArray(pipelineInFlight))
        .put("maxBacklog", maxBacklog)
        .put("maxLag", maxLag)
        .put("paceLag", paceLag)
        .put("pool", pool)
        .put("pinElasticsearch", pinElasticsearch)
        .put("serverHeap", common.serverHeap)
        .put("esHeap", common.esHeap);
  }

  static JsonObject machine() {
    String cpu = "";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 2))
              .orElse("");
    } catch (Exception e) {
      // not Linux
    }
    return new JsonObject()
        .put("cpus", ProcStats.CPUS)
        .put("cpu", cpu)
        .put("memoryGB", Math.round(memoryKb() / 1024.0 / 1024.0))
        .put("java", System.getProperty("java.version"))
        .put("loadAtStart", ProcStats.load());
  }

  private static long memoryKb() {
    try {
      return Long.parseLong(
          Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", ""));
    } catch (Exception e) {
      return 0;
    }
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double round(double v) {
    return Math.round(v);
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /**
   * Microseconds of CPU a unit, rounded to 0.1; null when nothing was done (a window that indexed
   * nothing tells nothing of what indexing costs).
   */
  static Double micros(double cpuSeconds, long units) {
    return units <= 0 ? null : Math.round(cpuSeconds / units * 1e7) / 10.0;
  }

  /**
   * What the machine allows end to end at the CPU costs measured in the rounds (medians): its cores
   * divided by what one event costs every process (Elasticsearch indexing it, the server and Redis
   * for both of its stages, the terminals' load generator), in events a second. An upper bound: it
   * assumes every core busy and nothing else running. Rounds with a cost not measured (nothing
   * indexed or accepted in their window) are left out; 0 when none is left.
   */
  static double affordable(List<JsonObject> rounds, int cpus) {
    List<Double> es = new ArrayList<>();
    List<Double> event = new ArrayList<>();
    for (JsonObject m : rounds) {
      if (!measured(m)) {
        continue;
      }
      es.add(m.getDouble("elasticsearchPerIndexed"));
      event.add(
          2 * m.getDouble("serverPerStage")
              + 2 * m.getDouble("redisPerStage")
              + m.getDouble("loadGeneratorPerAccepted"));
    }
    double micros = median(es) + median(event);
    return es.isEmpty() || micros <= 0 ? 0 : cpus * 1e6 / micros;
  }

  /**
   * What the machine would allow end to end if the server cost nothing: its cores divided by
   * Elasticsearch's cost a document in the ceiling arm (its best bulk size, the lowest it was
   * measured at) plus what Redis (both stages) and the terminals' load generator cost an event in
   * the end-to-end arm (medians). An upper bound on b/a for any server that passes the events
   * through Redis as GridPulse does; 0 when nothing was measured.
   */
  static double withoutServer(List<JsonObject> rounds, List<Double> ceilingPerDoc, int cpus) {
    List<Double> es = ceilingPerDoc.stream().filter(Objects::nonNull).toList();
    List<Double> event = new ArrayList<>();
    for (JsonObject m : rounds) {
      if (measured(m)) {
        event.add(2 * m.getDouble("redisPerStage") + m.getDouble("loadGeneratorPerAccepted"));
      }
    }
    double micros = es.isEmpty() || event.isEmpty() ? 0 : median(es) + median(event);
    return micros <= 0 ? 0 : cpus * 1e6 / micros;
  }

  /** Whether a round's window measured every cost (it indexed and accepted something). */
  static boolean measured(JsonObject costs) {
    return COSTS.stream().allMatch(cost -> costs.getValue(cost) != null);
  }

  private static final List<String> COSTS =
      List.of(
          "elasticsearchPerIndexed", "serverPerStage", "redisPerStage", "loadGeneratorPerAccepted");

  private static double pct(double share) {
    return Math.round(share * 1000) / 10.0;
  }

  static void deleteQuietly(Path dir) {
    try {
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (Exception e) {
      say("could not remove %s: %s", dir, e);
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  static void say(String format, Object... args) {
    System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
