package io.gridpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A local single-node Elasticsearch 9 on loopback, security off, with its config, data, logs and
 * temp files in one instance folder. When we are root it runs as the system user {@value #USER}
 * (Elasticsearch refuses root).
 */
public final class ElasticsearchServer implements AutoCloseable {
  public static final String NAME = "elasticsearch";
  public static final String USER = "gridpulse-es";

  public record Options(
      int httpPort, Path instanceDir, Path cacheDir, String heap, Duration startTimeout) {
    public static Options of(int httpPort, Path instanceDir) {
      return new Options(
          httpPort,
          instanceDir,
          ElasticsearchDistribution.defaultCacheDir(),
          "512m",
          Duration.ofSeconds(180));
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final Options options;
  private final ManagedProcess process;

  private ElasticsearchServer(Options options, ManagedProcess process) {
    this.options = options;
    this.process = process;
  }

  public static ElasticsearchServer start(Options options, Consumer<String> progress) {
    Path instance = options.instanceDir().toAbsolutePath();
    Path javaHome = JavaRuntimes.findAtLeast(21);
    Path home = ElasticsearchDistribution.home(options.cacheDir(), progress);
    prepareInstance(home, instance);
    StaleProcesses.stopLeftover(instance.resolve(NAME + ".pid"), instance.toString(), progress);
    if (Ports.inUse(options.httpPort())) {
      throw new ServiceStartException(
          "Elasticsearch cannot start: port "
              + options.httpPort()
              + " is already in use (another Elasticsearch, or a running demo?). Stop it, or"
              + " choose another port (GRIDPULSE_ES_PORT).");
    }

    List<String> command = new ArrayList<>();
    if (Os.isRoot()) {
      Os.ensureSystemUser(USER);
      Os.chownRecursively(instance, USER);
      if (!Os.canWrite(USER, instance.resolve("data"))) {
        throw new ServiceStartException(
            "Elasticsearch runs as the user "
                + USER
                + " (it refuses root), and that user cannot reach "
                + instance
                + ": a parent folder is closed to other users. Set GRIDPULSE_DATA_DIR to a folder"
                + " outside it, e.g. /var/lib/gridpulse.");
      }
      // setpriv changes user and execs (no intermediate process), keeping our environment
      command.addAll(
          List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--"));
    }
    command.add(home.resolve("bin/elasticsearch").toString());
    for (String setting :
        List.of(
            "discovery.type=single-node",
            "xpack.security.enabled=false",
            "network.host=127.0.0.1",
            "http.port=" + options.httpPort(),
            "cluster.name=gridpulse-local",
            "node.name=gridpulse-local",
            "path.data=" + instance.resolve("data"),
            "path.logs=" + instance.resolve("logs"),
            // a nearly full developer disk must not turn the index read-only
            "cluster.routing.allocation.disk.threshold_enabled=false",
            "action.destructive_requires_name=false")) {
      command.add("-E");
      command.add(setting);
    }
    Map<String, String> env =
        Map.of(
            "ES_JAVA_HOME", javaHome.toString(),
            "ES_PATH_CONF", instance.resolve("config").toString(),
            "ES_JAVA_OPTS", "-Xms" + options.heap() + " -Xmx" + options.heap(),
            "ES_TMPDIR", instance.resolve("tmp").toString(),
            "HOME", instance.toString());

    progress.accept(
        "starting Elasticsearch "
            + ElasticsearchDistribution.VERSION
            + " on 127.0.0.1:"
            + options.httpPort()
            + " (Java "
            + javaHome
            + ", data in "
            + instance
            + ")");
    ManagedProcess process;
    try {
      process =
          ManagedProcess.start(NAME, command, instance, instance.resolve("elasticsearch.log"), env);
    } catch (IOException e) {
      throw new ServiceStartException("could not run Elasticsearch: " + e.getMessage(), e);
    }
    ElasticsearchServer server = new ElasticsearchServer(options, process);
    try {
      Readiness.await(
          process,
          options.startTimeout(),
          server::isHealthy,
          "See the log below; the full logs are in " + instance.resolve("logs") + ".");
    } catch (RuntimeException e) {
      process.stop(Duration.ofSeconds(10));
      throw e;
    }
    return server;
  }

  /** config/ copied from the distribution once; data, logs and tmp created. */
  private static void prepareInstance(Path home, Path instance) {
    try {
      for (String dir : List.of("data", "logs", "tmp")) {
        Files.createDirectories(instance.resolve(dir));
      }
      Path config = instance.resolve("config");
      if (!Files.exists(config.resolve("elasticsearch.yml"))) {
        Path source = home.resolve("config");
        try (Stream<Path> files = Files.walk(source)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Path target = config.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else {
              Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the Elasticsearch folder " + instance, e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + options.httpPort();
  }

  public int port() {
    return options.httpPort();
  }

  public Options options() {
    return options;
  }

  public ManagedProcess process() {
    return process;
  }

  /** Cluster health yellow or green. ({@code GET /} answers 405 in this distribution.) */
  boolean isHealthy() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && (response.body().contains("\"status\":\"green\"")
              || response.body().contains("\"status\":\"yellow\""));
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void stop() {
    process.stop(Duration.ofSeconds(30));
  }

  /**
   * The same node started again after {@link #stop()}: the same port, heap and instance folder
   * (config, data), so it recovers the indices it had. For an outage and its end; the node returned
   * is the one to stop from then on.
   */
  public ElasticsearchServer startAgain(Consumer<String> progress) {
    if (process.isAlive()) {
      throw new IllegalStateException(
          "Elasticsearch on port " + port() + " still runs (pid " + process.pid() + "): stop it");
    }
    return start(options, progress);
  }

  @Override
  public void close() {
    stop();
  }
}
