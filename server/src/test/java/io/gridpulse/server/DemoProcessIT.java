package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packaged jar's {@code demo} command, run as a user runs it: a separate process. */
@DisplayName("The demo process")
class DemoProcessIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Run(Process process, List<String> output, int port) {}

  static Run startDemo(Path dataDir, int httpPort, int redisPort, int esPort) throws Exception {
    String jar = System.getProperty("gridpulse.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // names the test's folder in the command line, so that ./gridpulse test's orphan
                // check would find this JVM too if it outlived the test
                "-Dgridpulse.test.dir=" + dataDir,
                "-jar",
                jar,
                "demo",
                // a day of history (about 2,000 events with their loops): the lifecycle is under
                // test here, not the speed of a 90-day load (BENCHMARKS.md)
                "--backfill-days",
                "1")
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("GRIDPULSE_DATA_DIR", dataDir.toString());
    env.put("GRIDPULSE_HTTP_PORT", Integer.toString(httpPort));
    env.put("GRIDPULSE_REDIS_URL", "redis://127.0.0.1:" + redisPort);
    env.put("GRIDPULSE_ES_URL", "http://127.0.0.1:" + esPort);
    env.put("GRIDPULSE_ES_HEAP", "256m");
    env.put("GRIDPULSE_ES_ZIP", System.getProperty("gridpulse.es.zip"));
    env.put("GRIDPULSE_DEMO_INTAKE_KEY", "demo-key-it");
    Process process = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                  if (line.contains("ready: http://localhost:" + httpPort + "/")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new AssertionError("demo exited before ready"));
            },
            "demo-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(3, TimeUnit.MINUTES);
    } catch (Exception e) {
      process.destroy(); // SIGTERM: the demo stops what it started
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      throw new AssertionError("demo not ready: " + String.join("\n", output), e);
    }
    return new Run(process, output, httpPort);
  }

  /** Signals the process and waits: every process it started must be gone afterwards. */
  static void stopAndCheckNoOrphans(Run run, String signal) throws Exception {
    List<ProcessHandle> tree = new ArrayList<>(run.process().descendants().toList());
    // Debian's redis-server is a link to redis-check-rdb, and Redis rewrites its command line
    assertThat(
            tree.stream()
                .map(p -> p.info().command().orElse("") + " " + p.info().commandLine().orElse("")))
        .as("the demo runs Redis and Elasticsearch as its children")
        .anyMatch(c -> c.contains("redis"))
        .anyMatch(c -> c.contains("org.elasticsearch.launcher.CliToolLauncher"));
    new ProcessBuilder("kill", "-" + signal, Long.toString(run.process().pid())).start().waitFor();
    assertThat(run.process().waitFor(90, TimeUnit.SECONDS))
        .as("demo exits after SIG" + signal)
        .isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(run.output()).anyMatch(l -> l.contains("stopped after"));
    run.output().stream().filter(l -> l.startsWith("gridpulse:")).forEach(System.out::println);
  }

  /** After a failed assertion: SIGTERM (the demo stops its services), then force. */
  static void stopQuietly(Run run) throws InterruptedException {
    if (run == null) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(run.process().descendants().toList());
    if (run.process().isAlive()) {
      run.process().destroy();
      if (!run.process().waitFor(90, TimeUnit.SECONDS)) {
        run.process().destroyForcibly();
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  static int post(int port, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                .header("X-Api-Key", "demo-key-it")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int get(int port, String path, String token) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @DisplayName(
      "runs twice on the same data folder, keeps the first run's data, and Ctrl-C (SIGINT) or"
          + " SIGTERM leaves no process behind")
  void idempotentAndClean() throws Exception {
    Path dir = LocalServices.freshDir("demo");
    int redisPort = Ports.free();
    int esPort = Ports.free();
    String id = TestServer.newId();
    Run first = null;
    Run second = null;
    try {
      first = startDemo(dir, Ports.free(), redisPort, esPort);
      int port = first.port();
      assertThat(post(port, TestServer.event(id, "演示事件").encode())).isEqualTo(202);
      String token = signIn(port, "leader", "gridpulse-demo");
      // the demo loads a day of history (about 2,000 events) through the public API, indexed
      await().atMost(Duration.ofSeconds(60)).until(() -> indexed(port) >= 1000);
      Run loading = first;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> loading.output().stream().anyMatch(l -> l.contains("history: backfill done")));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> get(port, "/api/v1/events/" + id, token) == 200);
      stopAndCheckNoOrphans(first, "INT");

      Run again = startDemo(dir, Ports.free(), redisPort, esPort);
      second = again;
      // the same Redis data: the demo account and its session are still there
      assertThat(get(second.port(), "/api/v1/events/" + id, token)).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> again.output().stream().anyMatch(l -> l.contains("history: already loaded")));
      stopAndCheckNoOrphans(second, "TERM");
    } catch (Throwable failure) {
      // what the demo said is the first thing to read when this fails
      for (Run run : new Run[] {first, second}) {
        if (run != null) {
          run.output().stream()
              .filter(l -> l.startsWith("gridpulse:") || l.contains("WARN") || l.contains("ERROR"))
              .forEach(l -> System.out.println("demo> " + l));
        }
      }
      throw failure;
    } finally {
      stopQuietly(first);
      stopQuietly(second);
      LocalServices.deleteQuietly(dir);
    }
  }

  /** Events the demo's pipeline has indexed, from its Prometheus meters. */
  static double indexed(int port) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("gridpulse_pipeline_items_total") && l.contains("outcome=\"indexed\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Signs in as a demo account; the token. */
  static String signIn(int port, String username, String password) throws Exception {
    HttpResponse<String> login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new io.vertx.core.json.JsonObject()
                            .put("username", username)
                            .put("password", password)
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as("the demo account " + username + " signs in").isEqualTo(200);
    return new io.vertx.core.json.JsonObject(login.body()).getString("token");
  }
}
