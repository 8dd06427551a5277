package io.gridpulse.server.bench;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.seeds.Town;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live load tool ({@code ./gridpulse bench live}): opens N dashboards over chosen scopes, posts
 * events at R a second for T seconds through the intake API, and reports what the dashboards saw —
 * event-to-screen latency (from the POST leaving the tool to the {@code events.live} frame
 * arriving, one clock), frames a second, gaps in {@code seq}, fresh snapshots (conflation) — with
 * the server's heap and resident memory and Elasticsearch's searches a second over the run.
 */
@Command(
    name = "bench-live",
    mixinStandardHelpOptions = true,
    description = "Load a running server's live hub with N dashboards and R events a second.")
public final class LiveBench implements Callable<Integer> {
  @Option(
      names = "--url",
      defaultValue = "http://localhost:8080",
      description = "the server (default ${DEFAULT-VALUE})")
  String url;

  @Option(
      names = "--key",
      defaultValue = "demo-intake-key",
      description = "an intake API key (default: the demo's)")
  String key;

  @Option(
      names = "--user",
      defaultValue = "leader",
      description = "who the dashboards sign in as (default ${DEFAULT-VALUE})")
  String user;

  @Option(
      names = "--password",
      defaultValue = "gridpulse-demo",
      description = "their password (default: the demo's)")
  String password;

  @Option(
      names = "--clients",
      defaultValue = "100",
      description = "dashboards to open (default ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--scopes",
      defaultValue = "mixed",
      description =
          "district (every dashboard on the district), towns (spread over the 24 towns) or mixed"
              + " (one in ten on the district, the rest on towns; default)")
  String scopes;

  @Option(
      names = "--topics",
      defaultValue = "events.live,overview",
      split = ",",
      description = "topics each dashboard subscribes to (default ${DEFAULT-VALUE})")
  List<String> topics;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description =
          "events a second (default ${DEFAULT-VALUE}; 0: idle dashboards, for their memory)")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "seconds of load (default ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--settle",
      defaultValue = "5",
      description =
          "seconds the open dashboards rest before the server's RSS is read (default ${DEFAULT-VALUE};"
              + " longer lets a server that returns memory show it)")
  int settle;

  @Option(
      names = "--loops",
      defaultValue = "1",
      description =
          "event loops the dashboards are spread over (default ${DEFAULT-VALUE}: on the server's"
              + " own machine the tool then takes at most one core; give the cores of a machine of"
              + " their own)")
  int loops;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "seconds before measuring (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--es",
      defaultValue = "http://127.0.0.1:9200",
      description = "Elasticsearch, for its searches a second")
  String es;

  @Option(
      names = "--server-pid",
      description = "the server's pid, for its resident memory (same machine)")
  Long serverPid;

  @Option(names = "--seed", defaultValue = "7", description = "random seed of the events' places")
  long seed;

  @Option(names = "--json", description = "also write the result as JSON to this file")
  java.nio.file.Path json;

  /** The last run's result (the smoke test reads it). */
  JsonObject result;

  private final Recorder latency = new Recorder(3);
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong snapshots = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

  /**
   * Aggregate freshness: a watcher of {@code overview} at district scope, opened before anything is
   * posted; when its {@code reported} count has grown by k, the first k events posted are on the
   * wall, and each is timed from its post to that frame.
   */
  private final Recorder freshness = new Recorder(3);

  private final List<Long> postedAt = java.util.Collections.synchronizedList(new ArrayList<>());
  private long reportedBase = -1;
  private int reflected;
  private volatile boolean measuring;
  private WebSocketClient ws;

  @Override
  public Integer call() throws Exception {
    District district = District.load();
    Vertx vertx = Vertx.vertx();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      URI base = URI.create(url);
      say("signing in as %s at %s", user, url);
      HttpResponse<String> signedIn =
          http.send(
              json(url + "/api/v1/auth/login")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          new JsonObject()
                              .put("username", user)
                              .put("password", password)
                              .encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonObject login = signedIn.statusCode() == 200 ? new JsonObject(signedIn.body()) : null;
      String token = login == null ? null : login.getString("token");
      if (token == null) {
        say("cannot sign in as %s: %s (a leader or duty officer; --user, --password)", user, login);
        return 2;
      }
      List<String> towns = district.towns().stream().map(Town::code).toList();
      long rssBefore = rss();
      say("opening %d dashboards (%s, topics %s)", clients, scopes, topics);
      // held in a field: Vert.x closes a client that becomes unreachable, and its sockets with it
      ws =
          vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10));
      // the dashboards spread over --loops event loops: more let the tool read a notice's frames
      // in parallel, but on the server's own two cores they take the server's core too (at 1,000
      // x 1,000 the server's share of the p99 was 224-447 ms in three runs with two loops,
      // 67-268 ms, median 157, in seven with one)
      List<Context> contexts = new ArrayList<>();
      for (int i = 0; i < Math.max(1, loops); i++) {
        contexts.add(((VertxInternal) vertx).createEventLoopContext());
      }
      List<Future<WebSocket>> opening = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String scope = scopeOf(i, towns);
        Promise<WebSocket> opened = Promise.promise();
        contexts
            .get(i % contexts.size())
            .runOnContext(v -> open(ws, base, token, scope).onComplete(opened));
        opening.add(opened.future());
        if (i % 100 == 99) {
          await(Future.join(new ArrayList<>(opening)));
          say("  %d open", i + 1);
        }
      }
      await(Future.join(opening));
      // what the open dashboards cost the server at rest: its RSS growth, settled
      Thread.sleep(settle * 1000L);
      long rssOpen = rss();
      if (rssBefore > 0) {
        say(
            "%d dashboards open: server RSS %d → %d MB, %.1f kB a dashboard",
            clients, rssBefore / 1024, rssOpen / 1024, (rssOpen - rssBefore) / (double) clients);
      }
      WebSocket watcher = await(openWatcher(ws, base, token));
      say("%d s of warm-up at %d events/s", warmup, rate);
      Random random = new Random(seed);
      List<Grid> grids = district.grids();
      long period = 100;
      int perTick = Math.max(1, rate / 10);
      long[] posted = {0};
      long tick =
          rate == 0
              ? -1 // idle dashboards: nothing posted
              : vertx.setPeriodic(
                  period,
                  id -> {
                    JsonArray batch = new JsonArray();
                    for (int i = 0; i < perTick; i++) {
                      Grid grid = grids.get(random.nextInt(grids.size()));
                      LatLon c = grid.centroid();
                      String eventId =
                          "bench-"
                              + Long.toString(seed, 36)
                              + "-"
                              + posted[0]++
                              + "-"
                              + System.nanoTime();
                      batch.add(
                          new JsonObject()
                              .put("id", eventId)
                              .put("gridCode", grid.code())
                              .put("category", "sanitation")
                              .put("title", "压测事件 bench")
                              .put(
                                  "location",
                                  new JsonObject().put("lat", c.lat()).put("lon", c.lon()))
                              .put("reportedAt", Instant.now().toString())
                              .put("source", "terminal"));
                      long now = System.nanoTime();
                      sentAt.put(eventId, now);
                      postedAt.add(now);
                    }
                    http.sendAsync(
                            json(url + "/api/v1/events")
                                .header("X-Api-Key", key)
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        new JsonObject().put("events", batch).encode()))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .whenComplete(
                            (r, err) -> {
                              if (err != null) {
                                say("intake failed: %s", err);
                              } else if (r.statusCode() != 202) {
                                say("intake answered %d: %s", r.statusCode(), r.body());
                              }
                            });
                  });
      Thread.sleep(warmup * 1000L);
      latency.reset();
      freshness.reset();
      long frames0 = frames.get();
      long gaps0 = gaps.get();
      long snapshots0 = snapshots.get();
      long searches0 = searches(http);
      String metrics0 = metrics(http);
      ServerHistogram push0 = ServerHistogram.scrape(metrics0, PUSH_LATENCY);
      ServerHistogram notice0 = ServerHistogram.scrape(metrics0, NOTICE_LATENCY);
      double heapMax = 0;
      long rssMax = 0;
      measuring = true;
      // where the machine's CPU went in the window: the server's, the tool's, and the rest
      // (Elasticsearch, Redis): steadier from run to run than a p99, so changes show in it
      ProcStats.Share serverCpu = serverPid == null ? null : ProcStats.Share.own(serverPid);
      ProcStats.Share toolCpu = ProcStats.Share.own(ProcessHandle.current().pid());
      long[] machine0 = ProcStats.machineTicks();
      // and how long each JVM's collector stopped it in the window
      GcPauses serverGc0 = GcPauses.scrape(metrics0);
      GcPauses toolGc0 = GcPauses.own();
      GcPauses esGc0 = elasticsearchGc(http);
      long start = System.nanoTime();
      Histogram total = new Histogram(3);
      Histogram fresh = new Histogram(3);
      for (int s = 1; s <= duration; s++) {
        Thread.sleep(1000);
        Histogram second = latency.getIntervalHistogram();
        total.add(second);
        fresh.add(freshness.getIntervalHistogram());
        heapMax = Math.max(heapMax, heap(http));
        rssMax = Math.max(rssMax, rss());
        if (s % 10 == 0 || s == duration) {
          say(
              "  %3d s: p99 %d ms, frames %d, gaps %d, heap %.0f MB",
              s,
              total.getValueAtPercentile(99) / 1000,
              frames.get() - frames0,
              gaps.get() - gaps0,
              heapMax / 1e6);
        }
      }
      measuring = false;
      if (tick >= 0) {
        vertx.cancelTimer(tick);
      }
      double serverSeconds = serverCpu == null ? Double.NaN : serverCpu.seconds();
      double toolSeconds = toolCpu.seconds();
      double busy = ProcStats.busy(machine0, ProcStats.machineTicks());
      String metrics = metrics(http);
      GcPauses serverGc = GcPauses.scrape(metrics).since(serverGc0);
      GcPauses toolGc = GcPauses.own().since(toolGc0);
      GcPauses esGc = elasticsearchGc(http).since(esGc0);
      watcher.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      long searches = searches(http) - searches0;
      ServerHistogram push = ServerHistogram.scrape(metrics, PUSH_LATENCY).since(push0);
      ServerHistogram notice = ServerHistogram.scrape(metrics, NOTICE_LATENCY).since(notice0);
      say("result (%d dashboards, %s, %d events/s, %d s):", clients, scopes, rate, duration);
      say(
          "  event-to-screen latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (%d deliveries)",
          total.getValueAtPercentile(50) / 1000.0,
          total.getValueAtPercentile(95) / 1000.0,
          total.getValueAtPercentile(99) / 1000.0,
          total.getMaxValue() / 1000.0,
          total.getTotalCount());
      say(
          "  aggregate freshness ms (overview, district: post → count on the wall): p50 %.0f  p95"
              + " %.0f  p99 %.0f  max %.0f  (%d events; other traffic on the server makes it look"
              + " fresher: run against a demo with --no-simulator)",
          fresh.getValueAtPercentile(50) / 1000.0,
          fresh.getValueAtPercentile(95) / 1000.0,
          fresh.getValueAtPercentile(99) / 1000.0,
          fresh.getMaxValue() / 1000.0,
          fresh.getTotalCount());
      say(
          "  the server's share (its gridpulse_live_push_latency: 202 → frame handed to the socket;"
              + " per event, upper bounds of its buckets) ms: p50 %.0f  p95 %.0f  p99 %.0f  (%d"
              + " events)",
          push.quantileMs(0.50), push.quantileMs(0.95), push.quantileMs(0.99), push.count());
      say(
          "    of which 202 → the change notice on the hub's loop (gridpulse_live_notice_latency:"
              + " intake, stream, pipeline, bulk, pub/sub; the rest is the fan-out) ms: p50 %.0f"
              + "  p95 %.0f  p99 %.0f",
          notice.quantileMs(0.50), notice.quantileMs(0.95), notice.quantileMs(0.99));
      say(
          "  frames/s %.0f  gaps %d  fresh snapshots %d  closed %d",
          (frames.get() - frames0) / seconds,
          gaps.get() - gaps0,
          snapshots.get() - snapshots0,
          closed.get());
      say(
          "  server heap max %.0f MB  RSS max %s  Elasticsearch searches/s %.1f",
          heapMax / 1e6,
          rssMax == 0 ? "n/a (--server-pid)" : rssMax / 1024 + " MB",
          searches / seconds);
      long delivered = total.getTotalCount();
      say(
          "  CPU in the window: server %s, the tool %.1f s, machine %.0f %% busy (%d cores)",
          serverCpu == null
              ? "n/a (--server-pid)"
              : String.format(
                  java.util.Locale.ROOT,
                  "%.1f s (%.1f µs a delivery)",
                  serverSeconds,
                  delivered == 0 ? Double.NaN : serverSeconds * 1e6 / delivered),
          toolSeconds,
          busy * 100,
          ProcStats.CPUS);
      say(
          "  GC pauses in the window: server %.0f ms (%d), the tool %.0f ms (%d), Elasticsearch %.0f"
              + " ms (%d)  (young, mixed and full collections; G1's remark pauses are not counted)",
          serverGc.millis(),
          serverGc.count(),
          toolGc.millis(),
          toolGc.count(),
          esGc.millis(),
          esGc.count());
      result =
          new JsonObject()
              .put("clients", clients)
              .put("scopes", scopes)
              .put("topics", new JsonArray(topics))
              .put("rate", rate)
              .put("seconds", seconds)
              .put("deliveries", total.getTotalCount())
              .put("p50Ms", total.getValueAtPercentile(50) / 1000.0)
              .put("p95Ms", total.getValueAtPercentile(95) / 1000.0)
              .put("p99Ms", total.getValueAtPercentile(99) / 1000.0)
              .put("maxMs", total.getMaxValue() / 1000.0)
              .put("freshEvents", fresh.getTotalCount())
              .put("freshP50Ms", fresh.getValueAtPercentile(50) / 1000.0)
              .put("freshP95Ms", fresh.getValueAtPercentile(95) / 1000.0)
              .put("freshP99Ms", fresh.getValueAtPercentile(99) / 1000.0)
              .put("freshMaxMs", fresh.getMaxValue() / 1000.0)
              .put("serverPushEvents", push.count())
              .put("serverPushP50Ms", finite(push.quantileMs(0.50)))
              .put("serverPushP95Ms", finite(push.quantileMs(0.95)))
              .put("serverPushP99Ms", finite(push.quantileMs(0.99)))
              .put("serverNoticeP50Ms", finite(notice.quantileMs(0.50)))
              .put("serverNoticeP95Ms", finite(notice.quantileMs(0.95)))
              .put("serverNoticeP99Ms", finite(notice.quantileMs(0.99)))
              .put("framesPerSecond", (frames.get() - frames0) / seconds)
              .put("gaps", gaps.get() - gaps0)
              .put("snapshots", snapshots.get() - snapshots0)
              .put("closed", closed.get())
              .put("heapMaxBytes", heapMax)
              .put("rssMaxKb", rssMax)
              .put("rssBeforeKb", rssBefore)
              .put("rssOpenKb", rssOpen)
              .put(
                  "rssPerDashboardKb",
                  rssBefore > 0 ? (rssOpen - rssBefore) / (double) clients : null)
              .put("searchesPerSecond", searches / seconds)
              .put("serverCpuSeconds", finite(serverSeconds))
              .put("toolCpuSeconds", toolSeconds)
              .put("machineBusy", finite(busy))
              .put("serverGcPauseMs", serverGc.millis())
              .put("serverGcPauses", serverGc.count())
              .put("toolGcPauseMs", toolGc.millis())
              .put("toolGcPauses", toolGc.count())
              .put("esGcPauseMs", esGc.millis())
              .put("esGcPauses", esGc.count());
      if (json != null) {
        java.nio.file.Files.writeString(json, result.encodePrettily());
        say("result written to %s", json);
      }
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private String scopeOf(int i, List<String> towns) {
    return switch (scopes) {
      case "district" -> District.CODE;
      case "towns" -> towns.get(i % towns.size());
      default -> i % 10 == 0 ? District.CODE : towns.get(i % towns.size());
    };
  }

  private static Future<WebSocket> connect(WebSocketClient ws, URI base) {
    return ws.connect(
        new WebSocketConnectOptions()
            .setHost(base.getHost())
            .setPort(base.getPort() < 0 ? 80 : base.getPort())
            .setURI("/ws"));
  }

  private Future<WebSocket> open(WebSocketClient ws, URI base, String token, String scope) {
    return connect(ws, base)
        .onSuccess(
            socket -> {
              Map<String, Long> seqs = new ConcurrentHashMap<>();
              socket.frameHandler(new Messages(message -> onFrame(socket, seqs, message)));
              socket.closeHandler(v -> closed.incrementAndGet());
              socket.writeTextMessage(
                  new JsonObject().put("type", "auth").put("token", token).encode());
              for (String topic : topics) {
                socket.writeTextMessage(
                    new JsonObject()
                        .put("type", "subscribe")
                        .put("topic", topic)
                        .put("scope", scope)
                        .encode());
              }
            });
  }

  /** The freshness watcher: {@code overview} at district scope, on a socket of its own. */
  private Future<WebSocket> openWatcher(WebSocketClient ws, URI base, String token) {
    return connect(ws, base)
        .compose(
            socket -> {
              Promise<WebSocket> ready = Promise.promise();
              socket.textMessageHandler(
                  text -> {
                    JsonObject frame = new JsonObject(text);
                    onOverview(frame);
                    if ("snapshot".equals(frame.getString("type"))) {
                      ready.tryComplete(socket);
                    } else if ("error".equals(frame.getString("type"))) {
                      ready.tryFail("the freshness watcher's overview: " + text);
                    }
                  });
              socket.writeTextMessage(
                  new JsonObject().put("type", "auth").put("token", token).encode());
              socket.writeTextMessage(
                  new JsonObject()
                      .put("type", "subscribe")
                      .put("topic", "overview")
                      .put("scope", District.CODE)
                      .encode());
              return ready.future();
            });
  }

  /** A frame of the watcher: times the posted events its {@code reported} count now covers. */
  private synchronized void onOverview(JsonObject frame) {
    long now = System.nanoTime();
    JsonObject data = frame.getJsonObject("data");
    Long reported = data == null ? null : data.getLong("reported");
    if (reported == null) {
      return;
    }
    if ("snapshot".equals(frame.getString("type")) && reportedBase < 0) {
      reportedBase = reported - postedAt.size();
      reflected = postedAt.size();
      return;
    }
    if (reportedBase < 0) {
      return;
    }
    int covered = (int) Math.min(reported - reportedBase, postedAt.size());
    for (; reflected < covered; reflected++) {
      if (measuring) {
        freshness.recordValue(Math.max(0, (now - postedAt.get(reflected)) / 1000));
      }
    }
  }

  /**
   * A socket's text messages as UTF-8 bytes: a message's frames (one, or a text frame and its
   * continuations) gathered, never decoded to a {@code String} (see {@link FrameHead#read(byte[],
   * int)}).
   */
  static final class Messages implements Handler<WebSocketFrame> {
    private final Consumer<Buffer> message;
    private Buffer gathered;

    Messages(Consumer<Buffer> message) {
      this.message = message;
    }

    @Override
    public void handle(WebSocketFrame frame) {
      if (!frame.isText() && !(frame.isContinuation() && gathered != null)) {
        return;
      }
      if (frame.isFinal() && gathered == null) {
        message.accept(frame.binaryData());
        return;
      }
      gathered =
          gathered == null ? frame.binaryData().copy() : gathered.appendBuffer(frame.binaryData());
      if (frame.isFinal()) {
        Buffer whole = gathered;
        gathered = null;
        message.accept(whole);
      }
    }
  }

  /**
   * The frame's head read where Vert.x put the message: a heap buffer of its own (Vert.x copies
   * each frame off Netty's pooled memory), whose array is read in place rather than copied again.
   */
  static FrameHead head(Buffer message) {
    ByteBuf bytes = ((BufferInternal) message).getByteBuf();
    if (bytes.hasArray()) {
      return FrameHead.read(
          bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
    }
    return FrameHead.read(message.getBytes(), 0, message.length());
  }

  private void onFrame(WebSocket socket, Map<String, Long> seqs, Buffer message) {
    long now = System.nanoTime();
    frames.incrementAndGet();
    FrameHead frame = head(message);
    String key = frame.topic() + "|" + frame.scope();
    if ("snapshot".equals(frame.type())) {
      if (seqs.put(key, frame.seq()) != null) {
        snapshots.incrementAndGet();
      }
      return;
    }
    if (!"delta".equals(frame.type())) {
      return;
    }
    long seq = frame.seq();
    Long last = seqs.put(key, seq);
    if (last != null && seq != last + 1) {
      if (gaps.incrementAndGet() <= 5) {
        // what a gap looked like, to find its cause (the first few of a run)
        say(
            "  gap: %s %s delta seq %d after %d (%d events in it, %s)",
            frame.topic(),
            frame.scope(),
            seq,
            last,
            frame.eventIds().size(),
            socket.isClosed() ? "socket closed" : "socket open");
      }
      socket.writeTextMessage(
          new JsonObject()
              .put("type", "resync")
              .put("topic", frame.topic())
              .put("scope", frame.scope())
              .encode());
    }
    if (measuring) {
      for (String id : frame.eventIds()) {
        Long sent = sentAt.get(id);
        if (sent != null) {
          latency.recordValue(Math.max(0, (now - sent) / 1000));
        }
      }
    }
  }

  /** The server's own push latency histogram in its /metrics. */
  private static final String PUSH_LATENCY = "gridpulse_live_push_latency_seconds";

  private static final String NOTICE_LATENCY = "gridpulse_live_notice_latency_seconds";

  /** The server's /metrics as they are now (empty if unreadable). */
  private String metrics(HttpClient http) {
    try {
      return get(http, url + "/metrics");
    } catch (Exception e) {
      return "";
    }
  }

  /** JSON has no NaN or infinity: null then. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** Elasticsearch's total search queries (every node, every index). */
  private long searches(HttpClient http) {
    try {

      long sum = 0;
      JsonObject nodes =
          new JsonObject(get(http, es + "/_nodes/stats/indices/search")).getJsonObject("nodes");
      for (String id : nodes.fieldNames()) {
        sum +=
            nodes
                .getJsonObject(id)
                .getJsonObject("indices")
                .getJsonObject("search")
                .getLong("query_total");
      }
      return sum;
    } catch (Exception e) {
      return 0;
    }
  }

  /** Elasticsearch's collector pauses so far, every node (none when unreadable). */
  private GcPauses elasticsearchGc(HttpClient http) {
    try {
      return GcPauses.elasticsearch(new JsonObject(get(http, es + "/_nodes/stats/jvm")));
    } catch (Exception e) {
      return GcPauses.NONE;
    }
  }

  /** The server's heap in use, from its /metrics. */
  private double heap(HttpClient http) {
    try {
      String text = get(http, url + "/metrics");
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (Exception e) {
      return 0;
    }
  }

  /** The server's resident memory in kB, when its pid was given. */
  private long rss() {
    if (serverPid == null) {
      return 0;
    }
    try {
      for (String line :
          java.nio.file.Files.readAllLines(
              java.nio.file.Path.of("/proc", serverPid.toString(), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }

  private static HttpRequest.Builder json(String to) {
    return HttpRequest.newBuilder(URI.create(to)).header("Content-Type", "application/json");
  }

  private static String get(HttpClient http, String from) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(from)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void say(String format, Object... args) {
    System.out.println("bench: " + String.format(format, args));
    System.out.flush();
  }
}
