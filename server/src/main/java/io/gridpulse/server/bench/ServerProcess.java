package io.gridpulse.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A GridPulse server as its own JVM ({@code Main server}, this JVM's classpath), so that its CPU,
 * heap and resident memory are its own and not the load generator's. Stopped with SIGTERM (its
 * shutdown hook stops the pipeline in order), killed if it does not stop in time.
 */
final class ServerProcess implements AutoCloseable {
  /** JVM options added to the server's command line (space-separated). */
  static final String SERVER_OPTS = "GRIDPULSE_BENCH_SERVER_OPTS";

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServerProcess start(String heap, int port, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    // more JVM options for the server under test, e.g. a flight recording to see where its time
    // goes
    String more = System.getenv(SERVER_OPTS);
    if (more != null && !more.isBlank()) {
      command.addAll(List.of(more.strip().split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.gridpulse.server.Main");
    command.add("server");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("GRIDPULSE_HTTP_PORT", Integer.toString(port));
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ServerProcess server = new ServerProcess(builder.start(), port);
    try {
      server.awaitReady(Duration.ofSeconds(180));
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IOException("the server was not ready within " + timeout.toSeconds() + " s");
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
