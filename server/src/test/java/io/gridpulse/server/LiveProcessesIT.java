package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.Village;
import io.gridpulse.server.identity.IdentitySettings;
import io.gridpulse.server.metrics.MergePatch;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on the same Redis and Elasticsearch, as production runs them: a screen on
 * one sees what was posted to the other, the pipeline's work is shared, and a stuck screen costs
 * its instance no memory while the others stream.
 */
@DisplayName("Two server processes, one district")
class LiveProcessesIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String SECRET = "it-secret-it-secret-it-secret-it-secret-0123";

  /**
   * The duty officer's token for both processes: its user lives in the shared Redis and it is
   * signed with their secret. An in-JVM server makes it and is closed before the processes start:
   * left running, its indexer was a third consumer of the stream, and the count of what A and B
   * indexed fell short.
   */
  static String duty;

  static Server a;
  static Server b;
  static final Vertx CLIENT = Vertx.vertx();

  /**
   * Held for the whole class: Vert.x closes a client that becomes unreachable, and its sockets with
   * it (one made per socket was collected mid-stream, and the healthy screen closed with 1000).
   */
  static final WebSocketClient WEB_SOCKETS =
      CLIENT.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10));

  /** Events streamed while a screen is stuck: 16,000 frames of 2,400 bytes, over 40 MB. */
  static final int STUCK_EVENTS = 16_000;

  static final Village VILLAGE =
      TestServer.DISTRICT.villages().get(TestServer.DISTRICT.villages().size() - 2);
  static final Grid GRID = TestServer.DISTRICT.gridsOf(VILLAGE.code()).get(0);

  record Server(Process process, int port, List<String> output) {
    String url(String path) {
      return "http://localhost:" + port + path;
    }

    /** The last {@code n} lines the process printed. */
    String tail(int n) {
      List<String> lines = List.copyOf(output);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    long rssKb() throws IOException {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new AssertionError("no VmRSS for " + process.pid());
    }

    /**
     * A sample of {@code /metrics}: the sum of the series named {@code name} with {@code labels}.
     */
    double metric(String name, String... labels) throws Exception {
      String text =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(url("/metrics"))).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || !line.startsWith(name)) {
          continue;
        }
        int cut = line.lastIndexOf(' ');
        String series = line.substring(0, cut);
        String bare = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        if (bare.equals(name) && java.util.Arrays.stream(labels).allMatch(series::contains)) {
          sum += Double.parseDouble(line.substring(cut + 1));
        }
      }
      return sum;
    }
  }

  static Server start(String instance, LocalStack stack) throws Exception {
    int port = Ports.free();
    Path dir = LocalServices.freshDir("process-" + instance);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a fixed heap, touched at start: what grows later is memory outside it
                "-Xms256m",
                "-Xmx256m",
                "-XX:+AlwaysPreTouch",
                "-Dgridpulse.test.dir=" + dir,
                "-jar",
                System.getProperty("gridpulse.jar"),
                "server")
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("GRIDPULSE_DATA_DIR", dir.toString());
    env.put("GRIDPULSE_HTTP_PORT", Integer.toString(port));
    env.put("GRIDPULSE_REDIS_URL", stack.redis().url());
    env.put("GRIDPULSE_ES_URL", stack.elasticsearch().url());
    env.put("GRIDPULSE_INTAKE_KEYS", TestServer.KEY);
    env.put("GRIDPULSE_INTAKE_RATE", "100000");
    env.put("GRIDPULSE_INTAKE_BURST", "100000");
    env.put("GRIDPULSE_INSTANCE_ID", instance);
    env.put("GRIDPULSE_SWEEP_SECONDS", "0");
    env.put("GRIDPULSE_LIVE_SLOW_SECONDS", "3");
    env.put(IdentitySettings.JWT_SECRET, SECRET);
    Process process = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("read: " + e);
              }
            },
            "server-" + instance);
    reader.setDaemon(true);
    reader.start();
    Server server = new Server(process, port, output);
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> status(server, "/health/ready") == 200);
    } catch (RuntimeException e) {
      stop(server);
      throw new AssertionError(
          "server " + instance + " not ready:\n" + String.join("\n", output), e);
    }
    return server;
  }

  static int status(Server server, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(server.url(path))).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  static void stop(Server server) throws InterruptedException {
    if (server == null) {
      return;
    }
    server.process().destroy(); // SIGTERM: the server stops in order
    if (!server.process().waitFor(60, TimeUnit.SECONDS)) {
      server.process().destroyForcibly();
    }
  }

  @BeforeAll
  static void startAll() throws Exception {
    LocalStack stack = LocalServices.shared();
    try (TestServer tokens = TestServer.start(stack.redis().url(), stack.elasticsearch().url())) {
      duty = tokens.token("duty");
    }
    a = start("it-proc-a-" + UUID.randomUUID().toString().substring(0, 8), stack);
    b = start("it-proc-b-" + UUID.randomUUID().toString().substring(0, 8), stack);
  }

  @AfterAll
  static void stopAll() throws Exception {
    stop(a);
    stop(b);
    CLIENT.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static WebSocket socket(Server server, BlockingQueue<JsonObject> frames) throws Exception {
    WebSocket socket = Main.await(WEB_SOCKETS.connect(server.port(), "localhost", "/ws"));
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(
        v ->
            frames.add(
                new JsonObject()
                    .put("type", "closed")
                    .put("code", socket.closeStatusCode())
                    .put("reason", socket.closeReason())));
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", duty).encode());
    return socket;
  }

  static void subscribe(WebSocket socket, String topic, String scope) {
    socket.writeTextMessage(
        new JsonObject().put("type", "subscribe").put("topic", topic).put("scope", scope).encode());
  }

  static int post(Server server, JsonObject body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url("/api/v1/events")))
                .header("X-Api-Key", TestServer.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static JsonObject event(String description) {
    return TestServer.event(TestServer.newId(), "两个进程", GRID.code())
        .put("reportedAt", Instant.now().minusSeconds(10).toString())
        .put("description", description);
  }

  @Test
  @DisplayName(
      "a screen on B sees an event posted to A at once, and both indexers share the stream")
  void oneDistrict() throws Exception {
    BlockingQueue<JsonObject> frames = TestServer.queue();
    WebSocket socket = socket(b, frames);
    try {
      subscribe(socket, "events.live", VILLAGE.code());
      TestServer.next(frames, "snapshot");
      subscribe(socket, "overview", VILLAGE.code());
      JsonObject overview = TestServer.next(frames, "snapshot");
      while (!"overview".equals(overview.getString("topic"))) {
        overview = TestServer.next(frames, "snapshot");
      }
      JsonObject figures = overview.getJsonObject("data");
      long before = figures.getLong("reported");
      JsonObject posted = event("posted to A");
      assertThat(post(a, posted)).isEqualTo(202);
      boolean seen = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((!seen || figures.getLong("reported") != before + 1) && System.nanoTime() < deadline) {
        JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
        if (frame == null || !"delta".equals(frame.getString("type"))) {
          continue;
        }
        if ("events.live".equals(frame.getString("topic"))) {
          JsonArray events = frame.getJsonObject("data").getJsonArray("events", new JsonArray());
          for (int i = 0; i < events.size(); i++) {
            seen |= posted.getString("id").equals(events.getJsonObject(i).getString("id"));
          }
        } else if ("overview".equals(frame.getString("topic"))) {
          MergePatch.apply(figures, frame.getJsonObject("data"));
        }
      }
      assertThat(seen).as("the event posted to A reached B's screen").isTrue();
      assertThat(figures.getLong("reported")).isEqualTo(before + 1);

      // a batch to each: the consumer group shares the indexing between the two
      double indexedA = a.metric("gridpulse_pipeline_items_total", "domain=\"events\"");
      double indexedB = b.metric("gridpulse_pipeline_items_total", "domain=\"events\"");
      for (int round = 0; round < 10; round++) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 200; i++) {
          batch.add(event("shared " + round + "/" + i));
        }
        assertThat(post(round % 2 == 0 ? a : b, new JsonObject().put("events", batch)))
            .isEqualTo(202);
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(
              () ->
                  assertThat(
                          a.metric("gridpulse_pipeline_items_total", "domain=\"events\"")
                              - indexedA
                              + b.metric("gridpulse_pipeline_items_total", "domain=\"events\"")
                              - indexedB)
                      .isGreaterThanOrEqualTo(2000));
      assertThat(a.metric("gridpulse_pipeline_items_total", "domain=\"events\"") - indexedA)
          .as("A indexed some")
          .isPositive();
      assertThat(b.metric("gridpulse_pipeline_items_total", "domain=\"events\"") - indexedB)
          .as("B indexed some")
          .isPositive();
    } finally {
      socket.close();
    }
  }

  @Test
  @DisplayName(
      "a stuck screen is skipped, then closed, and its instance's memory stays flat while a healthy one gets every event")
  void stuckScreen() throws Exception {
    String text = "长".repeat(800); // 2,400 bytes of UTF-8 in every frame
    BlockingQueue<JsonObject> healthyFrames = TestServer.queue();
    WebSocket healthy = socket(a, healthyFrames);
    BlockingQueue<JsonObject> stuckFrames = TestServer.queue();
    WebSocket stuck = socket(a, stuckFrames);
    try {
      subscribe(healthy, "events.live", GRID.code());
      TestServer.next(healthyFrames, "snapshot");
      subscribe(stuck, "events.live", GRID.code());
      TestServer.next(stuckFrames, "snapshot");
      // warm up with the load to come and a stuck screen of its own (the measured one still
      // reading): the pipeline's reads, bulks and buffer pools reach the size this load gives them,
      // and the code that skips and closes a stuck screen is compiled, before the baseline is taken
      BlockingQueue<JsonObject> warmFrames = TestServer.queue();
      WebSocket warmStuck = socket(a, warmFrames);
      subscribe(warmStuck, "events.live", GRID.code());
      TestServer.next(warmFrames, "snapshot");
      warmStuck.pause();
      stream(a, STUCK_EVENTS, text, healthyFrames, "warm-up");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> a.metric("gridpulse_live_connections") == 2.0);
      warmStuck.resume(); // lets the server's side of it drain and close
      warmStuck.close();
      stuckFrames.clear();
      double skippedBefore = a.metric("gridpulse_live_frames_total", "outcome=\"conflated\"");
      long rssBefore = a.rssKb();
      double directBefore = a.metric("netty_allocator_memory_used", "memory_type=\"direct\"");
      stuck.pause(); // reads nothing more: its TCP buffers fill, then the server's write queue
      long streamed = stream(a, STUCK_EVENTS, text, healthyFrames, "stuck");
      long rssAfter = a.rssKb();
      double directAfter = a.metric("netty_allocator_memory_used", "memory_type=\"direct\"");
      System.out.printf(
          "stuck screen: RSS %d → %d kB, Netty direct memory %.0f → %.0f kB%n",
          rssBefore, rssAfter, directBefore / 1024, directAfter / 1024);
      assertThat(streamed).as("bytes streamed to each screen").isGreaterThan(40_000_000L);
      assertThat(a.metric("gridpulse_live_frames_total", "outcome=\"conflated\"") - skippedBefore)
          .as("frames skipped for the stuck screen instead of queued")
          .isPositive();
      assertThat(rssAfter - rssBefore)
          .as(
              "RSS growth in kB while 40 MB went to a stuck screen (%d → %d; Netty's direct memory %.0f → %.0f kB)",
              rssBefore, rssAfter, directBefore / 1024, directAfter / 1024)
          .isLessThan(20_000);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> a.metric("gridpulse_live_connections") == 1.0);
    } finally {
      stuck.resume();
      stuck.close();
      healthy.close();
    }
  }

  /** What both processes counted: for a failure's message. */
  static String figures() {
    StringBuilder out = new StringBuilder();
    for (Server server : new Server[] {a, b}) {
      try {
        out.append(
            String.format(
                "%d: pipeline items %s, bulk failures %s, events noticed %s, live connections %s,"
                    + " frames sent %s, conflated %s%n",
                server.port(),
                server.metric("gridpulse_pipeline_items_total", "domain=\"events\""),
                server.metric("gridpulse_pipeline_bulk_failures_total", "domain=\"events\""),
                server.metric("gridpulse_live_noticed_total"),
                server.metric("gridpulse_live_connections"),
                server.metric("gridpulse_live_frames_total", "outcome=\"sent\""),
                server.metric("gridpulse_live_frames_total", "outcome=\"conflated\"")));
      } catch (Exception e) {
        out.append(server.port()).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Posts {@code count} events to {@code server} in batches of 500, each once the healthy screen
   * got the previous one's deltas (with no gap in seq); the bytes of those frames. The screen reads
   * what it is sent at the pace it is sent: posting everything at once let the pipeline deliver
   * faster than this JVM's client parsed it on a loaded machine, and the server then rightly called
   * the "healthy" screen behind.
   */
  static long stream(
      Server server, int count, String text, BlockingQueue<JsonObject> frames, String tag)
      throws Exception {
    long bytes = 0;
    long lastSeq = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    for (int start = 0; start < count; start += 500) {
      java.util.Set<String> waiting = new java.util.HashSet<>();
      JsonArray batch = new JsonArray();
      for (int i = start; i < Math.min(count, start + 500); i++) {
        JsonObject e = event(tag + " " + i + " " + text);
        waiting.add(e.getString("id"));
        batch.add(e);
      }
      assertThat(post(server, new JsonObject().put("events", batch))).isEqualTo(202);
      while (!waiting.isEmpty()) {
        assertThat(System.nanoTime())
            .as(
                "%d events of the batch from %d never reached the healthy screen; the server said:%n%s%n%s",
                waiting.size(), start, server.tail(60), figures())
            .isLessThan(deadline);
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && "closed".equals(frame.getString("type"))) {
          throw new AssertionError(
              "the healthy screen was closed: "
                  + frame
                  + "\n"
                  + figures()
                  + "the server said:\n"
                  + server.tail(60));
        }
        if (frame == null || !"delta".equals(frame.getString("type"))) {
          assertThat(frame == null || !"snapshot".equals(frame.getString("type")))
              .as("the healthy screen never needs a fresh snapshot")
              .isTrue();
          continue;
        }
        long seq = frame.getLong("seq");
        if (lastSeq >= 0) {
          assertThat(seq).as("no gap for a healthy screen").isEqualTo(lastSeq + 1);
        }
        lastSeq = seq;
        JsonArray events = frame.getJsonObject("data").getJsonArray("events", new JsonArray());
        for (int i = 0; i < events.size(); i++) {
          waiting.remove(events.getJsonObject(i).getString("id"));
        }
        bytes += frame.encode().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return bytes;
  }
}
